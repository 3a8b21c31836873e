// Preloaded into a verifier by the benches (node --import ./bench/peak-memory.js …): when the process exits,
// it writes its own peak resident memory (process.resourceUsage().maxRSS, in KB) to the file named by
// SNW_PEAK_MEMORY_FILE. The learner's programs never see the variable (their environment is a clean one).
import { writeFileSync } from 'node:fs';

const file = process.env.SNW_PEAK_MEMORY_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
