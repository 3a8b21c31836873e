import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { StepResult } from '../results/verify-result.js';
import { DiffView } from './diff-view.js';
import { formatDuration } from './duration.js';
import { Elapsed } from './elapsed.js';
import { OutputExcerpt } from './output-excerpt.js';
import type { StepView, Verification } from './use-verification.js';

function StepFailure({ step }: { step: StepResult }) {
  return (
    <Box flexDirection="column" paddingLeft={2} rowGap={1}>
      {step.message ? <Text>{step.message}</Text> : null}
      <DiffView expected={step.expected} actual={step.actual} />
      {step.hint ? (
        <Text>
          <Text color="yellow" bold>
            try:
          </Text>{' '}
          {step.hint}
        </Text>
      ) : null}
    </Box>
  );
}

function Step({ step }: { step: StepView }) {
  if (step.running) {
    return (
      <Text>
        <Text color="cyan">
          <Spinner type="dots" />
        </Text>{' '}
        {step.title}
        <Elapsed since={step.startedAt} />
      </Text>
    );
  }
  if ('cancelled' in step) {
    return (
      <Text>
        <Text color="yellow" bold>
          ■
        </Text>{' '}
        {step.title} <Text dimColor>(cancelled)</Text>
      </Text>
    );
  }
  const { result } = step;
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={result.passed ? 'green' : 'red'} bold>
          {result.passed ? '✓' : '✗'}
        </Text>{' '}
        {step.title} <Text dimColor>({formatDuration(result.durationMs)})</Text>
      </Text>
      {result.passed ? null : <StepFailure step={result} />}
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
  const count = result.steps.length;
  if (result.passed && target === 'solution') {
    return (
      <Text color="green" bold>
        ✓ The reference solution passes: {count} {count === 1 ? 'step' : 'steps'} in {formatDuration(result.durationMs)}.
      </Text>
    );
  }
  if (result.passed) {
    return (
      <Box flexDirection="column">
        <Text color="green" bold>
          ✓ Passed in {formatDuration(result.durationMs)} ({count} {count === 1 ? 'step' : 'steps'}). This lesson is marked as done.
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
  const passed = result.steps.filter((step) => step.passed).length;
  return (
    <Text color="red" bold>
      ✗ Not yet: {passed} of {count} {count === 1 ? 'step' : 'steps'} passed.
    </Text>
  );
}

// A verification as it happens: the verdict (or how to cancel) first, so it is always in sight; then
// each step with a spinner while it runs, then ✓ or ✗ and its time; a failure shows expected against
// actual, the hint and the program's output; a pass says what next.
export function VerifyView({ verification, fileLabel, nextLesson }: { verification: Verification; fileLabel: string; nextLesson: boolean }) {
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
          <Step key={index} step={step} />
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
