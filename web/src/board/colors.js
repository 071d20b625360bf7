// Partner colours and readable text on them (WCAG 2.1: contrast of at least 4.5:1).

export const FALLBACK_COLOR = "#5b6470";

function channel(c) {
  const v = c / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

export function parseHex(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function luminance(hex) {
  const rgb = parseHex(hex) || parseHex(FALLBACK_COLOR);
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrast(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export function partnerColor(partner) {
  return parseHex(partner?.color) ? partner.color : FALLBACK_COLOR;
}

// Black or white, whichever contrasts more with the background (always >= 4.58:1).
export function textOn(bg) {
  return contrast(bg, "#000000") >= contrast(bg, "#ffffff") ? "#000000" : "#ffffff";
}
