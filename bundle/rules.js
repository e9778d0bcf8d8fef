import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-FUM4TGUG.js";import"./chunk-EEK3CM7J.js";import"./chunk-4NVBD4IH.js";export{rules};
