// The little behaviour the pages need, kept out of the markup so that the Content-Security-Policy
// can refuse every inline script and handler.

// The language switcher changes at once (a button shows only without JavaScript).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
});

// A form with data-confirm asks its question before it is sent.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// On a phone, new results take the screen: fold the filters that were open above them.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "results" || !window.matchMedia("(max-width: 576px)").matches) return;
  for (const details of document.querySelectorAll("details.more-filters[open]")) details.open = false;
});

// A tree row opened by htmx shows it is open, and is not loaded twice.
document.addEventListener("htmx:afterRequest", (event) => {
  const button = event.detail.elt;
  if (event.detail.successful && button.matches("button.expand")) {
    button.setAttribute("aria-expanded", "true");
    button.textContent = "▾";
    button.disabled = true;
  }
});
