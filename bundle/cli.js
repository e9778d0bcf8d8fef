import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-OGPCJF5S.js";import"./chunk-LTOIGMQX.js";import"./chunk-DAWZSE7M.js";import"./chunk-6NHRBBPE.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
