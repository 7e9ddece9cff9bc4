// Tell the GOV.UK Frontend styles that JavaScript runs (before the page is drawn).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
