import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-IYVYV7H4.js";import"./chunk-Q6JR34Y3.js";import"./chunk-DVHYQD2F.js";import"./chunk-QXRKM2SQ.js";import"./chunk-XDAI2PUB.js";import"./chunk-4NVBD4IH.js";export{main};
