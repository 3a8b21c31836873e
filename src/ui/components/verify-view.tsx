import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { countSteps, describeStop, type NeedsReport, type StepResult } from '../../results/verify-result.js';
import { DiffView } from './diff-view.js';
import { formatDuration } from '../text/duration.js';
import { Elapsed } from './elapsed.js';
import { OutputExcerpt } from './output-excerpt.js';
import { StyledText } from './styled-text.js';
import { WrappedText } from './wrapped-text.js';
import type { StepView, Verification } from '../hooks/use-verification.js';

function StepFailure({ step, width }: { step: StepResult; width: number }) {
  return (
    <Box flexDirection="column" paddingLeft={2} rowGap={1}>
      {step.message ? <WrappedText text={step.message} width={width - 2} /> : null}
      <DiffView expected={step.expected} actual={step.actual} />
      {step.hint ? (
        <StyledText
          runs={[
            { text: 'try:', style: { color: 'yellow', bold: true } },
            { text: ` ${step.hint}`, style: {} },
          ]}
          width={width - 2}
        />
      ) : null}
    </Box>
  );
}

// A step's line: its mark in a column of its own, the title wrapped beside it.
function StepLine({ mark, title, after, width }: { mark: ReactNode; title: string; after?: string; width: number }) {
  return (
    <Box>
      <Box width={2} flexShrink={0}>
        {mark}
      </Box>
      <StyledText runs={after ? [{ text: title, style: {} }, { text: ` ${after}`, style: { dim: true } }] : [{ text: title, style: {} }]} width={width - 2} />
    </Box>
  );
}

// A step that neither passed nor failed: cancelled while it ran, or not checked on this platform.
function UndecidedStep({ mark, title, after, width }: { mark: string; title: string; after: string; width: number }) {
  return (
    <StepLine
      mark={
        <Text color="yellow" bold>
          {mark}
        </Text>
      }
      title={title}
      after={after}
      width={width}
    />
  );
}

function Step({ step, width }: { step: StepView; width: number }) {
  if (step.running) {
    return (
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <StepLine
            mark={
              <Text color="cyan">
                <Spinner type="dots" />
              </Text>
            }
            title={step.title}
            width={width - 6}
          />
        </Box>
        <Box width={6} flexShrink={0} justifyContent="flex-end">
          <Elapsed since={step.startedAt} />
        </Box>
      </Box>
    );
  }
  if ('cancelled' in step) return <UndecidedStep mark="■" title={step.title} after="(cancelled)" width={width} />;
  if (step.result.notChecked) return <UndecidedStep mark="○" title={step.title} after="(not checked)" width={width} />;
  const { result } = step;
  return (
    <Box flexDirection="column">
      <StepLine
        mark={
          <Text color={result.passed ? 'green' : 'red'} bold>
            {result.passed ? '✓' : '✗'}
          </Text>
        }
        title={step.title}
        after={`(${formatDuration(result.durationMs)})`}
        width={width}
      />
      {result.passed ? null : <StepFailure step={result} width={width} />}
    </Box>
  );
}

// Not checked: the machine lacks what the lesson needs (Redis). Said as such, never as the learner's failure.
function Needs({ needs }: { needs: NeedsReport }) {
  return (
    <Box flexDirection="column">
      <Text color="yellow" bold>
        ? Needs {needs.what}: not checked, {needs.reason}.
      </Text>
      <Text>To get {needs.what}:</Text>
      {needs.howTo.map((way) => (
        <Text key={way}>  {way}</Text>
      ))}
      <Text dimColor>Then verify again. This is not a failure of your program.</Text>
    </Box>
  );
}

function Verdict({ verification, nextLesson }: { verification: Verification; nextLesson: boolean }) {
  const { result, error, target } = verification;
  if (error) {
    return (
      <Text color="red">
        The workshop could not run this check: {error}
      </Text>
    );
  }
  if (!result) return null;
  if (result.cancelled) {
    return <Text color="yellow">■ Cancelled: the program and everything it started have been stopped.</Text>;
  }
  if (result.error) {
    return <Text color="red">The workshop could not finish this check: {result.error}</Text>;
  }
  if (result.needs) return <Needs needs={result.needs} />;
  const steps = countSteps(result.steps);
  const count = steps.checked;
  const notChecked = steps.notChecked > 0 ? `, ${steps.notChecked} not checked on this platform` : '';
  if (result.passed && target === 'solution') {
    return (
      <Text color="green" bold>
        ✓ The reference solution passes: {count} {count === 1 ? 'step' : 'steps'} in {formatDuration(result.durationMs)}{notChecked}.
      </Text>
    );
  }
  if (result.passed) {
    return (
      <Box flexDirection="column">
        <Text color="green" bold>
          ✓ Passed in {formatDuration(result.durationMs)} ({count} {count === 1 ? 'step' : 'steps'}{notChecked}). This lesson is marked as done.
        </Text>
        <Text>
          {nextLesson ? (
            <>
              <Text bold color="cyan">
                n
              </Text>{' '}
              next lesson ·{' '}
            </>
          ) : (
            'That was the last lesson. '
          )}
          <Text bold color="cyan">
            s
          </Text>{' '}
          compare with the reference solution
        </Text>
      </Box>
    );
  }
  return (
    <Text color="red" bold>
      ✗ Not yet: {describeStop(result)}{notChecked}.
    </Text>
  );
}

// A verification as it happens: the verdict (or how to cancel) first, so it is always in sight; then
// each step with a spinner while it runs, then ✓ or ✗ and its time; a failure shows expected against
// actual, the hint and the program's output; a pass says what next.
export function VerifyView({ verification, fileLabel, nextLesson, width }: { verification: Verification; fileLabel: string; nextLesson: boolean; width: number }) {
  const { steps, running, cancelling, result, target } = verification;
  return (
    <Box flexDirection="column" rowGap={1}>
      <Box flexDirection="column">
        <Text bold>
          {target === 'solution' ? 'Demo: checking the reference solution ' : 'Checking '}
          <Text color="cyan">{fileLabel}</Text>
          {cancelling ? <Text color="yellow"> (cancelling…)</Text> : null}
        </Text>
        {running ? <Text dimColor>Ctrl-C cancels the check.</Text> : <Verdict verification={verification} nextLesson={nextLesson} />}
      </Box>
      <Box flexDirection="column">
        {steps.map((step, index) => (
          <Step key={index} step={step} width={width} />
        ))}
        {running && steps.length === 0 ? (
          <Text>
            <Text color="cyan">
              <Spinner type="dots" />
            </Text>{' '}
            starting…
          </Text>
        ) : null}
      </Box>
      {!running && result?.output && !result.passed && !result.cancelled ? (
        <Box flexDirection="column">
          <OutputExcerpt stream="stdout" text={result.output.stdout} />
          <OutputExcerpt stream="stderr" text={result.output.stderr} />
          {!result.output.stdout && !result.output.stderr ? <Text dimColor>(the program printed nothing)</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
