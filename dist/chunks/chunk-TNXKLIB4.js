import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
import{a as _,b as u,d as A}from"./chunk-VPQSOOOZ.js";import{a as R,b as p,c as $,d as F,e as f,g as x,h as y}from"./chunk-OZC5YVW5.js";import{a as o}from"./chunk-3X4CCJAQ.js";var me="Falco Actions Step Process",H="proc.env[GITHUB_ACTION]",V=/^[A-Za-z0-9_.-]{1,200}$/,Y=/\/_actions\/([^/\s]+)\/([^/\s]+)\/([^/\s]+)\/(\S*)/,J=/\/_temp\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?:\.[A-Za-z0-9]+)?(?![\w.-])/,K=new Set(["--name","--label","--workdir","-e","--env","--entrypoint","--network","-v","--volume"]);function X(e){let t=e.trim().split(/\s+/);if(!(!/(?:^|\/)docker$/.test(t[0]??"")||t[1]!=="run"))for(let n=2;n<t.length;n+=1){let r=t[n];if(K.has(r))n+=1;else if(!r.startsWith("-"))return r}}o(X,"dockerRunImage");function q(e){let t=X(e);if(t!==void 0)return{kind:"container",image:t};let n=Y.exec(e);if(n&&n[1]&&n[2]&&n[3])return{kind:"action",owner:n[1],repo:n[2],ref:n[3],action:`${n[1]}/${n[2]}@${n[3]}`,entry:n[4]??""};let r=J.exec(e);return r?{kind:"run",script:r[0].slice(1)}:{kind:"other",command:e}}o(q,"describeStepProcess");function pe(e){let t=x(e.fields,"proc.pid");if(t===void 0)return;let n=y(e.fields,"proc.cmdline")??y(e.fields,"proc.exepath")??"";return{pid:t,ppid:x(e.fields,"proc.ppid"),epochNs:e.epochNs,time:e.time,cmdline:n,process:q(n),actionId:Q(y(e.fields,H)),lineNumber:e.lineNumber}}o(pe,"toStepMarker");function Q(e){return e!==void 0&&V.test(e)?e:void 0}o(Q,"actionIdOf");function I(e){switch(e.kind){case"action":return`action ${e.action}`;case"run":return`run script ${e.script}`;case"container":return`container action image ${e.image}`;default:return`process ${e.command.length>120?`${e.command.slice(0,120)}\u2026`:e.command}`}}o(I,"stepProcessLabel");function T(e){switch(e.kind){case"action":return["action ",{hostile:e.action}];case"run":return["run script ",{hostile:e.script}];case"container":return["container action image ",{hostile:e.image}];default:return["process ",{hostile:e.command.length>120?`${e.command.slice(0,120)}\u2026`:e.command}]}}o(T,"stepProcessNote");function C(e){if(!e)return;let t=Date.parse(e);return Number.isNaN(t)?void 0:Math.floor(t/1e3)}o(C,"toSecond");function ge(e){return[...e].sort((t,n)=>t.number-n.number).map(t=>({number:t.number,name:t.name,status:t.status,conclusion:t.conclusion,startSecond:C(t.started_at),endSecond:t.completed_at?C(t.completed_at):void 0}))}o(ge,"toStepIntervals");function be(e,t){return e.filter(n=>n.conclusion!=="skipped"&&n.startSecond!==void 0&&n.startSecond<=t&&(n.endSecond===void 0||t<=n.endSecond))}o(be,"stepsContaining");function $e(e){return{number:e.number,name:e.name}}o($e,"stepRef");var v=/^(?:(?:Pre|Post) )?(?:Run )?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/([^\s@]*))?@(\S+)$/,L=/^(?:(?:Pre|Post) )?(?:Run )?docker:\/\/(\S+)$/;function ye(e){let t=e.trim();return v.test(t)||L.test(t)}o(ye,"stepNamesAction");function E(e,t){let n=e.trim(),r=L.exec(n);if(r)return t.kind==="container"?t.image===r[1]?"match":"mismatch":t.kind==="action"?"mismatch":"unknown";let s=v.exec(n);if(!s||t.kind!=="action")return"unknown";let c=s[4]??"",d=(s[3]??"").replace(/\/+$/,""),g=`${c}${d===""?"":`/${d}`}/`;return s[1]?.toLowerCase()===t.owner.toLowerCase()&&s[2]?.toLowerCase()===t.repo.toLowerCase()&&`${t.ref}/${t.entry}`.startsWith(g)?"match":"mismatch"}o(E,"stepNameMatchesProcess");function Ae(e){return new Date(e*1e3).toISOString().replace(".000Z","Z")}o(Ae,"formatSecond");var ee=1024*1024,te=ee-24*1024,h=50,k=100,ne=1e3,O=o(e=>Buffer.byteLength(e,"utf8"),"bytes");function B(e){return e.map(t=>typeof t=="string"?_(t):u(t.hostile,300)).join("")}o(B,"renderNote");function re(e,t){return t.process!==void 0&&E(e,t.process)==="match"}o(re,"stepNamesProcess");function oe(e){let t=e.steps.length===1&&re(e.steps[0].name,e),n=e.process&&!t?` (${B(T(e.process))})`:"";if(e.steps.length===1){let r=e.steps[0],s=e.method==="time"?" (by time)":"";return`${u(r.name,200)}${n}${s}`}return e.steps.length>1?`either ${e.steps.map(r=>u(r.name,200)).join(" or ")}${n} (boundary second)`:e.process?`unknown step${n}`:"unknown"}o(oe,"stepCell");function ie(e){let t=/T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(e);return t?`${t[1]}${t[2]??""}`:u(e,40)}o(ie,"timeCell");function U(e){return e.replace(/^(?:\d{2}:\d{2}:\d{2}\.\d{1,9}|\d{4}-\d{2}-\d{2}T[\d:.+-]+Z?): (?:Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug) /,"")}o(U,"outputMessage");function se(e){let t=e.alert;return`| ${ie(t.time)} | ${oe(e)} | ${u(t.rule,200)} | ${f(t.priority)} | ${u(U(t.output),ne)} |
`}o(se,"row");function w(e){return e===void 0||!Number.isFinite(e)?"not measured":`${e.toFixed(2)} s`}o(w,"formatSeconds");function j(e){return e===void 0||!Number.isFinite(e)?"not measured":`${(e/(1024*1024)).toFixed(1)} MiB`}o(j,"formatBytes");function ae(e,t,n=e.length){let r=e.slice(0,h).map(d=>`- ${u(d,500)}
`),s=Math.min(e.length,h),c=n>s?`- \u2026 and ${n-s} more ${t}
`:"";return r.join("")+c}o(ae,"bulletList");function Me(e,t=te){let n=e.findings,r=[];if(r.push(`## Falco: ${n.length===0?"no alerts":`${n.length} alert${n.length===1?"":"s"}`} in this job

`),e.job&&r.push(`Job ${u(e.job.name,200)} on runner ${u(e.job.runnerName,200)}.

`),e.stepsUnavailable&&r.push(`> [!WARNING]
> Steps could not be named: ${u(e.stepsUnavailable,600)}
> Alerts are attributed to the action or script that caused them, without step names.

`),e.failOn!=="none"){let a=e.failOn,i=n.filter(l=>$(l.alert.priority,a)).length;r.push(`fail-on: **${a}**: ${i} alert${i===1?"":"s"} at or above it.

`)}if(n.length>0){r.push(`### By priority

| Priority | Alerts |
| --- | ---: |
`);for(let i of R){let l=n.filter(S=>S.alert.priority===i).length;l>0&&r.push(`| ${f(i)} | ${l} |
`)}r.push(`
### By rule

| Rule | Highest priority | Alerts |
| --- | --- | ---: |
`);let a=N(n);for(let i of a.slice(0,k))r.push(`| ${u(i.rule,200)} | ${f(i.highest)} | ${i.findings.length} |
`);if(a.length>k){let i=a.slice(k),l=i.reduce((S,G)=>S+G.findings.length,0);r.push(`| \u2026 and ${i.length} more rules | ${f(i[0]?.highest??"debug")} | ${l} |
`)}r.push(`
### Alerts

| Time (UTC) | Step | Rule | Priority | Output |
| --- | --- | --- | --- | --- |
`)}let s=[];if(e.notes.length>0){let a=e.notes.slice(0,h).map(l=>`- ${B(l)}
`).join(""),i=e.notes.length>h?`- \u2026 and ${e.notes.length-h} more notes
`:"";s.push(`
### Attribution notes

${a}${i}`)}e.problems.length>0&&s.push(`
### Problems reading Falco's events

${ae(e.problems,"problems",Math.max(e.problemCount??0,e.problems.length))}`);let c=e.cost,d=c.memoryMeasure==="resident-at-stop"&&c.peakMemoryBytes!==void 0,g=c.peakMemoryBytes===void 0?"":d?"Falco's memory is the resident (anonymous) memory of its container when stop read it; its peak could not be read":"Falco's peak memory is the peak resident set of Falco's process (VmHWM)",P=c.cacheBytes===void 0?"":`; page cache of the files it read (${j(c.cacheBytes)}) is not counted`;s.push(`
### What monitoring cost this job

| Falco CPU time | Falco peak memory | Start took | Stop took |
| ---: | ---: | ---: | ---: |
| ${w(c.cpuSeconds)} | ${j(c.peakMemoryBytes)}${d?" (at stop)":""} | ${w(c.startSeconds)} | ${w(c.stopSeconds)} |
`+(g===""?"":`
${g}${P}.
`));let D=r.join("")+s.join(""),M=t-O(D)-200,W=n.map((a,i)=>i).sort((a,i)=>p(n[a].alert.priority)-p(n[i].alert.priority)||a-i),m=[];for(let a of W){let i=se(n[a]),l=O(i);if(l>M)break;M-=l,m.push({index:a,text:i})}m.sort((a,i)=>a.index-i.index);let b=n.length-m.length,Z=m.map(a=>a.text).join(""),z=b>0?`
**${b} more alert${b===1?"":"s"} not shown**: the step summary is limited to 1 MiB; the least severe were left out. All alerts are in the events file.
`:"";return{markdown:r.join("")+Z+z+s.join(""),shownRows:m.length,omittedRows:b}}o(Me,"renderLiveSummary");function N(e){let t=new Map;for(let n of e){let r=t.get(n.alert.rule)??[];r.push(n),t.set(n.alert.rule,r)}return[...t.entries()].map(([n,r])=>({rule:n,highest:F(r.map(s=>s.alert.priority)),findings:r})).sort((n,r)=>p(n.highest)-p(r.highest)||r.findings.length-n.findings.length||n.rule.localeCompare(r.rule))}o(N,"groupByRule");function ce(e){return $(e,"error")?"error":e==="warning"?"warning":"notice"}o(ce,"annotationLevel");function ue(e){return e.steps.length===1?`step "${e.steps[0].name}"`:e.steps.length>1?`step ${e.steps.map(t=>`"${t.name}"`).join(" or ")}`:e.process?I(e.process):"an unknown step"}o(ue,"stepWords");function Re(e){return N(e).map(t=>{let n=t.findings[0],r=t.findings.length;return{level:ce(t.highest),title:A(`Falco: ${t.rule}`,120),message:A(`${r} alert${r===1?"":"s"} (highest priority ${t.highest}); first at ${n.alert.time} in ${ue(n)}: ${U(n.alert.output)}`,500)}})}o(Re,"ruleAnnotations");function Fe(e,t){if(t==="none")return{failed:!1};let n=e.filter(s=>$(s.alert.priority,t));if(n.length===0)return{failed:!1};let r=N(n).map(s=>`${s.rule} (${s.highest}, ${s.findings.length})`);return{failed:!0,failureMessage:A(`Falco raised ${n.length} alert${n.length===1?"":"s"} at or above "${t}" (fail-on): ${r.join("; ")}. See the job summary.`,1e3)}}o(Fe,"failOnVerdict");export{me as a,pe as b,T as c,ge as d,be as e,$e as f,ye as g,E as h,Ae as i,ee as j,Me as k,Re as l,Fe as m};
