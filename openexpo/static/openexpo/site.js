// Small behaviours every page shares, bound by data attributes (the Content-Security-Policy
// allows no inline scripts or on* handlers):
//   <select data-autosubmit>            submits its form on change (language switch)
//   <form data-confirm="Question?">     asks before submitting
//   <input type=checkbox data-check-all="CSS selector">  ticks/unticks every match
document.addEventListener("change", (e) => {
  const el = e.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
  }
});
document.addEventListener("click", (e) => {
  const box = e.target;
  if (box.matches && box.matches("input[data-check-all]")) {
    document.querySelectorAll(box.dataset.checkAll).forEach((c) => { c.checked = box.checked; });
  }
});
