import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QHFUWS6Q.js";import"./chunk-2QJ35LGI.js";import"./chunk-TUN75RIR.js";import"./chunk-XYU6Y6GS.js";import"./chunk-WCLOZ7HS.js";import"./chunk-4NVBD4IH.js";export{main};
