import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-H55V5AA2.js";import"./chunk-D4ER2PLP.js";import"./chunk-4NVBD4IH.js";export{rules};
