// hostile.html with ?banner: a cookie banner appears over the launcher after the page has loaded,
// as consent managers do, and goes when accepted.
if (location.search.includes('banner')) {
  addEventListener('load', () => {
    setTimeout(() => {
      const banner = document.createElement('div');
      banner.className = 'cookie-banner';
      banner.setAttribute('role', 'region');
      banner.setAttribute('aria-label', 'Cookies');
      const text = document.createElement('p');
      text.textContent = 'We use cookies to remember your settings. Is that all right with you?';
      const accept = document.createElement('button');
      accept.type = 'button';
      accept.textContent = 'Accept';
      accept.addEventListener('click', () => banner.remove());
      banner.append(text, accept);
      document.body.append(banner);
    }, 100);
  });
}
