import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-EJGBXZ7K.js";import"./chunk-NZE4JVIN.js";import"./chunk-JDB4TUK5.js";import"./chunk-IILSJXW4.js";import"./chunk-ZNKIZT5B.js";import"./chunk-4NVBD4IH.js";export{main};
