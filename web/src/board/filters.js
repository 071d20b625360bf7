// Filtering and highlighting: by partner, outcome, age band, status, text, and "changed since a meeting".

export const EMPTY_FILTERS = { partner: "", outcome: "", ageBand: "", status: "", text: "" };

function fold(s) {
  return String(s || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function activeCriteria(app) {
  const f = app.state.filters;
  return Boolean(f.partner || f.outcome || f.ageBand || f.status || f.text.trim() || app.state.meetingId);
}

export function changedSince(app, act) {
  const meeting = app.state.meetingId ? app.client.get("meeting", app.state.meetingId) : null;
  if (!meeting) return false;
  return (act._seq ?? 0) > (meeting.seq ?? 0);
}

export function matches(app, act) {
  const f = app.state.filters;
  if (f.partner && act.partner !== f.partner && !(act.co_partners || []).includes(f.partner)) return false;
  if (f.outcome && !(act.outcomes || []).includes(f.outcome)) return false;
  if (f.ageBand && !(act.age_bands || []).includes(f.ageBand)) return false;
  if (f.status && act.status !== f.status) return false;
  if (app.state.meetingId && !changedSince(app, act)) return false;
  const text = fold(f.text).trim();
  if (text) {
    const partner = app.client.get("partner", act.partner);
    const hay = fold(
      [act.name, act.description, act.contribution, partner?.name, (act.areas || []).join(" ")].join(" "),
    );
    if (!text.split(/\s+/).every((word) => hay.includes(word))) return false;
  }
  return true;
}
