import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-2MKFM4IA.js";import"./chunk-YLZKXBQQ.js";import"./chunk-4NVBD4IH.js";export{rules};
