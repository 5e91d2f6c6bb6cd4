import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{a as g}from"./chunk-LRBWUL6J.js";import"./chunk-VE7MTNKL.js";import{b as d}from"./chunk-KBOBTMEO.js";import{d as u}from"./chunk-5ZNRDBNH.js";import"./chunk-7V2VA6QR.js";import"./chunk-G54QAEX6.js";import"./chunk-7NEYVKEI.js";import"./chunk-UN6ZEIAB.js";import"./chunk-PIC66JKN.js";import{a as l}from"./chunk-3X4CCJAQ.js";var i=l(t=>Buffer.byteLength(t,"utf8"),"bytes");function y(t,r){if(i(t)<=r)return t;let n=0,e=Math.min(t.length,r);for(;n<e;){let s=Math.ceil((n+e)/2);i(t.slice(0,s))<=r?n=s:e=s-1}let o=t.charCodeAt(n-1);return o>=55296&&o<=56319?t.slice(0,n-1):t.slice(0,n)}l(y,"cutToBytes");var h=`
### Monitoring problems
`,S=1024;function b(t){return`
_${t} more monitoring ${t===1?"problem was":"problems were"} left out: a job summary holds at most 1 MiB. Every problem is in this step's log._
`}l(b,"leftOutNote");function $(t,r=Number.POSITIVE_INFINITY){if(t.length===0)return"";let n=r-i(h)-i(b(t.length))-1;if(n<=0)return"";let e=[],o=0;for(let a of t){let c=`
${u(a)}`;if(i(c)<=n){e.push(c),n-=i(c),o+=1;continue}let p=`
[cut: ${i(a)} bytes in all]`,f=i(c)-i(a)+i(p);if(n-f>=S){let v=`${y(a,n-f)}${p}`,m=`
${u(v)}`;i(m)<=n&&(e.push(m),n-=i(m),o+=1)}break}let s=t.length-o;return`${h}${e.join("")}
${s>0?b(s):""}`}l($,"problemsMarkdown");function M(t,r,n=g){let e=n-1,o=i(t)<=e?t:O(t,e-200)+`

_The report was cut: a job summary holds at most 1 MiB._
`;return o+$(r,e-i(o))}l(M,"summaryMarkdown");function O(t,r){let n=y(t,Math.max(0,r)),e=n.lastIndexOf(`
`);return e<0?"":n.slice(0,e)}l(O,"cutAtLineEnd");async function E(t,r,n={}){if(t.kind!=="stopped"){d(r,t.message);return}let{report:e}=t;await r.appendSummary(M(e.markdown,t.problems,g-(n.summaryReserveBytes??0)));for(let o of e.annotations){let s={title:o.title};o.level==="error"?r.error(o.message,s):o.level==="warning"?r.warning(o.message,s):r.notice(o.message,s)}for(let o of e.problems)r.warning(o,{title:"falco-actions"});r.setOutput("alerts",String(e.alerts)),r.setOutput("highest-priority",e.highestPriority??""),r.setOutput("events-file",t.eventsFile),r.info(`Falco reported ${e.alerts} alert${e.alerts===1?"":"s"}${e.highestPriority?` (highest priority: ${e.highestPriority})`:""}.`),e.failed&&r.setFailed(e.failureMessage??"An alert at or above the fail-on priority fired.")}l(E,"publishStopOutcome");export{u as fenced,$ as problemsMarkdown,E as publishStopOutcome,M as summaryMarkdown};
