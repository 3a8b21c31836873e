// Syntax colours for code blocks. cli-highlight (highlight.js) takes a while to load, so it is
// loaded once, in the background, and code shows plain until it is ready.

type Highlight = (code: string, language: string) => string;

let loaded: Highlight | undefined;
let loading: Promise<Highlight> | undefined;

// The markdown names lessons use, as highlight.js knows them; anything else stays plain.
const languages: Record<string, string> = {
  js: 'javascript',
  javascript: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  typescript: 'typescript',
  console: 'shell',
  shell: 'shell',
  sh: 'bash',
  bash: 'bash',
  json: 'json',
  http: 'http',
};

// The highlight.js name of a code block's language, or undefined when it is not coloured.
export function highlightLanguage(language: string | undefined): string | undefined {
  return language ? languages[language.toLowerCase()] : undefined;
}

// Starts loading the highlighter (idempotent); resolves once code can be coloured.
export function loadHighlighter(): Promise<Highlight> {
  loading ??= import('cli-highlight').then(({ highlight }) => {
    loaded = (code, language) => {
      try {
        return highlight(code, { language, ignoreIllegals: true });
      } catch {
        return code;
      }
    };
    return loaded;
  });
  return loading;
}

// Colours code now if the highlighter is loaded; undefined otherwise.
export function highlightNow(code: string, language: string): string | undefined {
  return loaded?.(code, language);
}
