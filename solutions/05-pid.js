import { pid, ppid } from 'node:process';

// pid: this process. ppid: the process that started it (your shell, or the
// workshop when it verifies your program).
console.log(`process ${pid}`);
console.log(`parent ${ppid}`);
