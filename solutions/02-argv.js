import { argv } from 'node:process';

// argv[0] is the node executable, argv[1] the absolute path of this script;
// what the user typed after the script name starts at argv[2].
const [, script, ...args] = argv;

console.log(`script: ${script}`);
args.forEach((arg, i) => console.log(`${i + 1}: ${arg}`));
