// Registers Callback Dojo's service worker (sw.js, written into the build by
// `cargo xtask`) and passes word between it and the app through two events
// on `window`, so the WebAssembly carries none of this:
// - "dojo-update-ready" (to the app): a new version is installed and waiting;
// - "dojo-update-taken" (to the app): another tab took the new version;
// - "dojo-take-over" (from the app): the trainee chose to update; the waiting
//   version takes over and the page reloads into it. Files of two versions
//   are never mixed.
// Registered once the page has loaded, so that precaching the build does
// not compete with the app's own start for the network.
// The state is also left on the root element (data-update: "ready", or
// "taken" when another tab took the new version), because the app may
// start listening after the event: it reads the attribute on start.
const tell = (state, name) => {
  document.documentElement.dataset.update = state;
  window.dispatchEvent(new Event(name));
};
const register = () => {
  const announce = () => tell("ready", "dojo-update-ready");
  const hadController = navigator.serviceWorker.controller !== null;
  let takingOver = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (takingOver) {
      location.reload();
    } else if (hadController) {
      // Another tab took the new version: this page runs the old one until
      // it reloads (it keeps working, offline too, meanwhile).
      tell("taken", "dojo-update-taken");
    }
  });
  navigator.serviceWorker.register("/sw.js").then((registration) => {
    const controlled = () => navigator.serviceWorker.controller !== null;
    if (registration.waiting && controlled()) {
      announce();
    }
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      if (!worker) {
        return;
      }
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && controlled()) {
          announce();
        }
      });
    });
    window.addEventListener("dojo-take-over", () => {
      if (registration.waiting) {
        takingOver = true;
        registration.waiting.postMessage("take-over");
      } else {
        // Already taken (in another tab): this page only has to reload.
        location.reload();
      }
    });
  }, () => {
    // No worker (a private window, or an old browser): the app still works
    // online, and says nothing.
  });
};
if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register, { once: true });
  }
}
