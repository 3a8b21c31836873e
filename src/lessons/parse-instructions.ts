// A lesson's README split into what the screens show: the title, the instructions, and the hints one by one.
export interface Instructions {
  title: string;
  body: string;
  hints: { title: string; text: string }[];
}

/** The "# Title" heading a lesson's README starts with. */
export const TITLE_HEADING = /^# (.+)$/m;

// Splits lessons/NN-slug/README.md: "# Title", the text, then "## Hints" with one "### " section per hint.
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
