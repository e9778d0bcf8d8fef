import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-64SFGR6F.js";import"./chunk-2GNAZMVE.js";import"./chunk-SFH6ZFLL.js";import"./chunk-OESYBNF5.js";import"./chunk-KJZKI77F.js";import"./chunk-4NVBD4IH.js";export{main};
