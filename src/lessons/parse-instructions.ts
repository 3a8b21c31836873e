// A lesson's README split into what the screens show: the title, the instructions, and the hints one by one.
export interface Instructions {
  title: string;
  body: string;
  hints: { title: string; text: string }[];
}

/** The "# Title" heading a lesson's README starts with. */
export const TITLE_HEADING = /^# (.+)$/m;

// Splits lessons/NN-slug/README.md: "# Title", the text (ending with "## Read more"), then "## Hints" with one
// "### " section per hint.
export function parseInstructions(markdown: string): Instructions {
  const text = markdown.replace(/\r\n/g, '\n');
  const titleMatch = TITLE_HEADING.exec(text);
  const title = titleMatch?.[1]?.trim() ?? '';
  const afterTitle = titleMatch ? text.slice(titleMatch.index + titleMatch[0].length) : text;
  const hintsAt = afterTitle.search(/^## Hints\s*$/m);
  const body = (hintsAt === -1 ? afterTitle : afterTitle.slice(0, hintsAt)).trim();
  const hints: Instructions['hints'] = [];
  if (hintsAt !== -1) {
    const hintsText = afterTitle.slice(hintsAt).replace(/^## Hints\s*$/m, '');
    for (const section of hintsText.split(/^### /m).slice(1)) {
      const newline = section.indexOf('\n');
      const hintTitle = (newline === -1 ? section : section.slice(0, newline)).trim();
      const hintText = newline === -1 ? '' : section.slice(newline + 1).trim();
      hints.push({ title: hintTitle, text: hintText });
    }
  }
  return { title, body, hints };
}

/** The heading of the section that ends a lesson's text, just before "## Hints": links to the documentation it uses. */
export const READ_MORE_HEADING = 'Read more';

/**
 * The "## " sections every lesson's text has, in this order, after the idea and before "## Hints": what the
 * program must do, how to run and verify it, and the links that end the text.
 */
export const REQUIRED_SECTIONS = ['Your program', 'Try it', READ_MORE_HEADING] as const;

/** One "## " section of a lesson's text; the text before the first heading has none. */
export interface TextSection {
  heading: string | undefined;
  text: string;
}

// A lesson's text cut at its "## " headings, in order (a "## " line inside a code block is code, not a heading).
export function textSections(body: string): TextSection[] {
  const sections: { heading: string | undefined; lines: string[] }[] = [{ heading: undefined, lines: [] }];
  let inCode = false;
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    const heading = inCode ? null : /^## (.+?)\s*$/.exec(line);
    if (heading) sections.push({ heading: heading[1], lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  return sections.map(({ heading, lines }) => ({ heading, text: lines.join('\n').trim() }));
}
