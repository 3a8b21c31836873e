// Lesson 2: Arguments
//
// Print `script: <absolute path of this script>`, then one line
// `<n>: <argument>` for every argument you were given (n counts from 1),
// exactly as given. See 02-argv.md for details and examples.

import { argv } from 'node:process';

// Look at what you get before you decide which parts to print:
//   node 02-argv.js one "two words"
// and then replace this line with your own output.
console.log(argv);
