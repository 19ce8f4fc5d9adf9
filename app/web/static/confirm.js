// Forms with data-confirm ask before they are sent (revoking a document, ending a watched party): the
// question is the page's own text in the officer's language. Without scripts the form is sent as is.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
