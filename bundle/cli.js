import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-CERG4VOF.js";import"./chunk-MGQ2JC4D.js";import"./chunk-DI4X34ZK.js";import"./chunk-OT3SSWJL.js";import"./chunk-ZVCNKL55.js";import"./chunk-IYPZQOXL.js";import"./chunk-VJJJW4UE.js";import"./chunk-CTOGJIQG.js";export{main};
