// What the bundle gives cli-highlight as `highlight.js` (see scripts/build.js): highlight.js's core with
// the languages the UI colours (src/ui/text/highlighter.ts) and those they embed (HTML and CSS in JavaScript's
// tagged templates), instead of all 190 of highlight.js: the same colours for these, and about 13 MB less
// resident memory in the UI once a lesson's code is shown. Plain requires, so that esbuild bundles them.
const hljs = require('highlight.js/lib/core');

hljs.registerLanguage('javascript', require('highlight.js/lib/languages/javascript'));
hljs.registerLanguage('typescript', require('highlight.js/lib/languages/typescript'));
hljs.registerLanguage('shell', require('highlight.js/lib/languages/shell'));
hljs.registerLanguage('bash', require('highlight.js/lib/languages/bash'));
hljs.registerLanguage('json', require('highlight.js/lib/languages/json'));
hljs.registerLanguage('http', require('highlight.js/lib/languages/http'));
hljs.registerLanguage('xml', require('highlight.js/lib/languages/xml'));
hljs.registerLanguage('css', require('highlight.js/lib/languages/css'));

module.exports = hljs;
