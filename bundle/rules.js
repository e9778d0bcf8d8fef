import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-P4MW54PI.js";import"./chunk-KR7TYFP3.js";import"./chunk-4NVBD4IH.js";export{rules};
