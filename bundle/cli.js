import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QXL3VCA4.js";import"./chunk-QMTEPOVS.js";import"./chunk-EFTZQN4U.js";import"./chunk-QE33Z4C3.js";import"./chunk-QWYDWCFH.js";import"./chunk-4NVBD4IH.js";export{main};
