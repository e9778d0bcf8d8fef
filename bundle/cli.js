import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-HUDXYMIQ.js";import"./chunk-MRKJNWVK.js";import"./chunk-YWMBDT4Q.js";import"./chunk-JM7LMYDL.js";import"./chunk-G2CDTAPW.js";import"./chunk-4NVBD4IH.js";export{main};
