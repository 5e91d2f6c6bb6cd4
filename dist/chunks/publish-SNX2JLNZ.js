import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{a as d}from"./chunk-LRBWUL6J.js";import"./chunk-VE7MTNKL.js";import{b as f}from"./chunk-KBOBTMEO.js";import{d as u}from"./chunk-5ZNRDBNH.js";import"./chunk-7V2VA6QR.js";import"./chunk-G54QAEX6.js";import"./chunk-7NEYVKEI.js";import"./chunk-UN6ZEIAB.js";import"./chunk-PIC66JKN.js";import{a as s}from"./chunk-3X4CCJAQ.js";var o=s(e=>Buffer.byteLength(e,"utf8"),"bytes");function y(e,n){if(o(e)<=n)return e;let t=0,r=Math.min(e.length,n);for(;t<r;){let l=Math.ceil((t+r)/2);o(e.slice(0,l))<=n?t=l:r=l-1}let i=e.charCodeAt(t-1);return i>=55296&&i<=56319?e.slice(0,t-1):e.slice(0,t)}s(y,"cutToBytes");var h=`
### Monitoring problems
`,S=1024;function b(e){return`
_${e} more monitoring ${e===1?"problem was":"problems were"} left out: a job summary holds at most 1 MiB. Every problem is in this step's log._
`}s(b,"leftOutNote");function $(e,n=Number.POSITIVE_INFINITY){if(e.length===0)return"";let t=n-o(h)-o(b(e.length))-1;if(t<=0)return"";let r=[],i=0;for(let a of e){let c=`
${u(a)}`;if(o(c)<=t){r.push(c),t-=o(c),i+=1;continue}let m=`
[cut: ${o(a)} bytes in all]`,p=o(c)-o(a)+o(m);if(t-p>=S){let v=`${y(a,t-p)}${m}`,g=`
${u(v)}`;o(g)<=t&&(r.push(g),t-=o(g),i+=1)}break}let l=e.length-i;return`${h}${r.join("")}
${l>0?b(l):""}`}s($,"problemsMarkdown");function M(e,n,t=d){let r=t-1,i=o(e)<=r?e:O(e,r-200)+`

_The report was cut: a job summary holds at most 1 MiB._
`;return i+$(n,r-o(i))}s(M,"summaryMarkdown");function O(e,n){let t=y(e,Math.max(0,n)),r=t.lastIndexOf(`
`);return r<0?"":t.slice(0,r)}s(O,"cutAtLineEnd");async function I(e,n){if(e.kind!=="stopped"){f(n,e.message);return}let{report:t}=e;await n.appendSummary(M(t.markdown,e.problems));for(let r of t.annotations){let i={title:r.title};r.level==="error"?n.error(r.message,i):r.level==="warning"?n.warning(r.message,i):n.notice(r.message,i)}for(let r of t.problems)n.warning(r,{title:"falco-actions"});n.setOutput("alerts",String(t.alerts)),n.setOutput("highest-priority",t.highestPriority??""),n.setOutput("events-file",e.eventsFile),n.info(`Falco reported ${t.alerts} alert${t.alerts===1?"":"s"}${t.highestPriority?` (highest priority: ${t.highestPriority})`:""}.`),t.failed&&n.setFailed(t.failureMessage??"An alert at or above the fail-on priority fired.")}s(I,"publishStopOutcome");export{u as fenced,$ as problemsMarkdown,I as publishStopOutcome,M as summaryMarkdown};
