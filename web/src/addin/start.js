/** The manifest's start page: go on to the task pane of the program the add-in runs in. */
const panes = { Excel: "excel.html", PowerPoint: "powerpoint.html" };

function go(host) {
  const pane = panes[host];
  if (pane) location.replace(pane + location.search + location.hash);
  else document.getElementById("melding").textContent = "Kies het taakvenster voor uw programma.";
}

if (globalThis.Office?.onReady) globalThis.Office.onReady((info) => go(info?.host));
else go(null);
