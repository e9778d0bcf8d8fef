import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-DNFNDMF5.js";import"./chunk-XVR6RLKJ.js";import"./chunk-4NVBD4IH.js";export{rules};
