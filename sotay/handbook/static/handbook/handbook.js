// The handbook's pages as an app: register the service worker, say when the page is offline (or
// was served from the copy kept on this device), and forget the kept pages on signing out.
// The words come from the page (<template id="handbook-offline">), translated.

(() => {
  const template = document.getElementById("handbook-offline");
  if (!template) return;
  const loadedAt = Date.now();
  let savedAt = loadedAt; // a page that came over the line was saved (by the worker) as it loaded

  function clock(time) {
    return new Date(time).toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function showOffline() {
    let banner = document.querySelector(".offline-banner");
    if (!banner) {
      banner = template.content.firstElementChild.cloneNode(true);
      document.querySelector("main")?.prepend(banner);
    }
    const time = banner.querySelector("time");
    time.dateTime = new Date(savedAt).toISOString();
    time.textContent = clock(savedAt);
    banner.hidden = false;
  }

  function hideOffline() {
    const banner = document.querySelector(".offline-banner");
    if (banner && savedAt === loadedAt) banner.hidden = true; // a kept copy stays marked as one
  }

  window.addEventListener("offline", showOffline);
  window.addEventListener("online", hideOffline);
  if (!navigator.onLine) showOffline();

  if (!("serviceWorker" in navigator)) return;
  const { worker, scope, signOut } = template.dataset;

  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.kind !== "status" || !event.data.fromCache) return;
    savedAt = event.data.savedAt ?? loadedAt;
    showOffline();
  });
  navigator.serviceWorker.controller?.postMessage("status");
  navigator.serviceWorker.register(worker, { scope }).catch(() => undefined);

  // Signing out on a shared PC: the kept pages go before the form is sent (the sign-out answer's
  // Clear-Site-Data header does it too, where the browser knows that header).
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (new URL(form.action, location.href).pathname !== signOut || form.dataset.forgotten) return;
    event.preventDefault();
    form.dataset.forgotten = "1";
    try {
      navigator.serviceWorker.controller?.postMessage("forget");
      for (const name of await caches.keys()) if (name.startsWith("sotay-")) await caches.delete(name);
      const registration = await navigator.serviceWorker.getRegistration(scope);
      await registration?.unregister();
    } finally {
      form.submit();
    }
  });
})();
