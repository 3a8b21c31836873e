import { appendFileSync } from 'node:fs';
import path from 'node:path';

// GitHub Actions' side channels (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// `::error` lines become annotations on the job page and the files they name, and markdown appended to
// the file $GITHUB_STEP_SUMMARY is shown on the run's summary page.

/** One failure to annotate: the file it is about (and the line, for a crash). */
export interface Annotation {
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/** True when running as a step of a GitHub Actions job. */
export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

// The runner reads a command per line: a message escapes %, CR and LF; a property also : and , (its separators).
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

// An `::error file=…,line=…,title=…::message` line; the file relative to the workspace, as annotations need.
export function errorCommand(annotation: Annotation, env: NodeJS.ProcessEnv = process.env): string {
  const properties: string[] = [];
  if (annotation.file !== undefined) properties.push(`file=${escapeProperty(path.relative(env.GITHUB_WORKSPACE || process.cwd(), path.resolve(annotation.file)))}`);
  if (annotation.line !== undefined) properties.push(`line=${annotation.line}`);
  properties.push(`title=${escapeProperty(annotation.title)}`);
  return `::error ${properties.join(',')}::${escapeData(annotation.message)}`;
}

// Writes the annotations and appends the summary. The commands go to stdout, where the runner reads them,
// unless stdout carries a report (--json): then to stderr, which the runner reads as well.
export function reportToGitHub(output: { annotations: Annotation[]; summary: string; stdoutIsReport: boolean }, env: NodeJS.ProcessEnv = process.env): void {
  const stream = output.stdoutIsReport ? process.stderr : process.stdout;
  for (const annotation of output.annotations) stream.write(`${errorCommand(annotation, env)}\n`);
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  try {
    appendFileSync(summaryFile, `${output.summary.trimEnd()}\n\n`);
  } catch (error) {
    process.stderr.write(`scaling-node-workshop: cannot write the step summary ${summaryFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
  }
}

// Where a crash happened in the learner's file, from a message ending in "(06-signals.js:12)" (see describeCrash).
export function crashLine(message: string, fileName: string): number | undefined {
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\(${escaped}:(\\d+)\\)`).exec(message);
  return match ? Number(match[1]) : undefined;
}

// Text for a markdown table cell: one line, no column breaks, no HTML.
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/`/g, '\\`');
}
