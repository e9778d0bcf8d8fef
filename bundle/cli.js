import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-7YBZ4CAM.js";import"./chunk-PANRVOG4.js";import"./chunk-DAWZSE7M.js";import"./chunk-KY4XO24M.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
