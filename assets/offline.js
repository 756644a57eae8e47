// Registers Callback Dojo's service worker (sw.js, written into the build by
// `cargo xtask`) and passes word between it and the app through two events
// on `window`, so the WebAssembly carries none of this:
// - "dojo-update-ready" (to the app): a new version is installed and waiting;
// - "dojo-take-over" (from the app): the trainee chose to update; the waiting
//   version takes over and the page reloads into it. Files of two versions
//   are never mixed.
// Registered once the page has loaded, so that precaching the build does
// not compete with the app's own start for the network.
const register = () => {
  const announce = () => window.dispatchEvent(new Event("dojo-update-ready"));
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
        navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
        registration.waiting.postMessage("take-over");
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
