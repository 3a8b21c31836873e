import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The folder that holds package.json, lessons/ and solutions/ (this file is compiled to dist/src/).
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
