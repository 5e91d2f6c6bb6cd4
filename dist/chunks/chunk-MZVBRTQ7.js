import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
var O="0.1.0";export{O as a};
