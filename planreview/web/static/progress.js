// Progressive: while a report is built, ask for the steps' state and update the list in
// place (announced politely to screen readers) instead of reloading the page; when the build
// is done, load the page once to show the result. Without JavaScript, <noscript> reloads.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("steps");
  if (!list) return;
  const items = list.querySelectorAll("li");
  const poll = async () => {
    try {
      const answer = await fetch(list.dataset.state, { headers: { Accept: "application/json" } });
      const state = await answer.json();
      if (state.done) { window.location.reload(); return; }
      state.steps.forEach(([word, css], i) => {
        const item = items[i];
        if (!item || item.className === "step-" + css) return;
        item.className = "step-" + css;
        item.querySelector(".state").textContent = "– " + word;
      });
    } catch (error) { /* a hiccup: try again */ }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1500);
});
