import path from 'node:path';
import { packageRoot } from '../package-root.js';

/** Where the reference solutions live in the package: solutions/NN-slug.js. */
export const solutionsDir = path.join(packageRoot, 'solutions');
