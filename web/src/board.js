// Placeholder until the board lands: proves the build pipeline end to end.
document.getElementById("app").textContent = "Het bord is nog in aanbouw.";
