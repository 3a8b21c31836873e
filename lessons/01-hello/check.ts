import { type CheckContext, defineCheck } from '../../src/checks/index.js';

export default defineCheck(async (t: CheckContext) => {
  await t.step('prints "Hello World" to stdout and exits with code 0', async () => {
    const program = t.start();
    await t.expectExit(program, 0, { hint: 'Print the line and let the program end by itself: no process.exit(1), no process.exitCode.' });
    t.expectLines(program, 'stdout', ['Hello World'], { hint: 'console.log("Hello World") prints the text and a newline to stdout.' });
    t.expectLines(program, 'stderr', [], { hint: 'Print to stdout only: console.log, not console.error.' });
  });
});
