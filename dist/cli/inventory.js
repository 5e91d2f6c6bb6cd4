import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/dns-packet/types.js
var require_types = __commonJS({
  "node_modules/dns-packet/types.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        case 1:
          return "A";
        case 10:
          return "NULL";
        case 28:
          return "AAAA";
        case 18:
          return "AFSDB";
        case 42:
          return "APL";
        case 257:
          return "CAA";
        case 60:
          return "CDNSKEY";
        case 59:
          return "CDS";
        case 37:
          return "CERT";
        case 5:
          return "CNAME";
        case 49:
          return "DHCID";
        case 32769:
          return "DLV";
        case 39:
          return "DNAME";
        case 48:
          return "DNSKEY";
        case 43:
          return "DS";
        case 55:
          return "HIP";
        case 13:
          return "HINFO";
        case 45:
          return "IPSECKEY";
        case 25:
          return "KEY";
        case 36:
          return "KX";
        case 29:
          return "LOC";
        case 15:
          return "MX";
        case 35:
          return "NAPTR";
        case 2:
          return "NS";
        case 47:
          return "NSEC";
        case 50:
          return "NSEC3";
        case 51:
          return "NSEC3PARAM";
        case 12:
          return "PTR";
        case 46:
          return "RRSIG";
        case 17:
          return "RP";
        case 24:
          return "SIG";
        case 6:
          return "SOA";
        case 99:
          return "SPF";
        case 33:
          return "SRV";
        case 44:
          return "SSHFP";
        case 32768:
          return "TA";
        case 249:
          return "TKEY";
        case 52:
          return "TLSA";
        case 250:
          return "TSIG";
        case 16:
          return "TXT";
        case 252:
          return "AXFR";
        case 251:
          return "IXFR";
        case 41:
          return "OPT";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + type;
    };
    exports.toType = function(name) {
      switch (name.toUpperCase()) {
        case "A":
          return 1;
        case "NULL":
          return 10;
        case "AAAA":
          return 28;
        case "AFSDB":
          return 18;
        case "APL":
          return 42;
        case "CAA":
          return 257;
        case "CDNSKEY":
          return 60;
        case "CDS":
          return 59;
        case "CERT":
          return 37;
        case "CNAME":
          return 5;
        case "DHCID":
          return 49;
        case "DLV":
          return 32769;
        case "DNAME":
          return 39;
        case "DNSKEY":
          return 48;
        case "DS":
          return 43;
        case "HIP":
          return 55;
        case "HINFO":
          return 13;
        case "IPSECKEY":
          return 45;
        case "KEY":
          return 25;
        case "KX":
          return 36;
        case "LOC":
          return 29;
        case "MX":
          return 15;
        case "NAPTR":
          return 35;
        case "NS":
          return 2;
        case "NSEC":
          return 47;
        case "NSEC3":
          return 50;
        case "NSEC3PARAM":
          return 51;
        case "PTR":
          return 12;
        case "RRSIG":
          return 46;
        case "RP":
          return 17;
        case "SIG":
          return 24;
        case "SOA":
          return 6;
        case "SPF":
          return 99;
        case "SRV":
          return 33;
        case "SSHFP":
          return 44;
        case "TA":
          return 32768;
        case "TKEY":
          return 249;
        case "TLSA":
          return 52;
        case "TSIG":
          return 250;
        case "TXT":
          return 16;
        case "AXFR":
          return 252;
        case "IXFR":
          return 251;
        case "OPT":
          return 41;
        case "ANY":
          return 255;
        case "*":
          return 255;
      }
      if (name.toUpperCase().startsWith("UNKNOWN_")) return parseInt(name.slice(8));
      return 0;
    };
  }
});

// node_modules/dns-packet/rcodes.js
var require_rcodes = __commonJS({
  "node_modules/dns-packet/rcodes.js"(exports) {
    "use strict";
    exports.toString = function(rcode) {
      switch (rcode) {
        case 0:
          return "NOERROR";
        case 1:
          return "FORMERR";
        case 2:
          return "SERVFAIL";
        case 3:
          return "NXDOMAIN";
        case 4:
          return "NOTIMP";
        case 5:
          return "REFUSED";
        case 6:
          return "YXDOMAIN";
        case 7:
          return "YXRRSET";
        case 8:
          return "NXRRSET";
        case 9:
          return "NOTAUTH";
        case 10:
          return "NOTZONE";
        case 11:
          return "RCODE_11";
        case 12:
          return "RCODE_12";
        case 13:
          return "RCODE_13";
        case 14:
          return "RCODE_14";
        case 15:
          return "RCODE_15";
      }
      return "RCODE_" + rcode;
    };
    exports.toRcode = function(code) {
      switch (code.toUpperCase()) {
        case "NOERROR":
          return 0;
        case "FORMERR":
          return 1;
        case "SERVFAIL":
          return 2;
        case "NXDOMAIN":
          return 3;
        case "NOTIMP":
          return 4;
        case "REFUSED":
          return 5;
        case "YXDOMAIN":
          return 6;
        case "YXRRSET":
          return 7;
        case "NXRRSET":
          return 8;
        case "NOTAUTH":
          return 9;
        case "NOTZONE":
          return 10;
        case "RCODE_11":
          return 11;
        case "RCODE_12":
          return 12;
        case "RCODE_13":
          return 13;
        case "RCODE_14":
          return 14;
        case "RCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/opcodes.js
var require_opcodes = __commonJS({
  "node_modules/dns-packet/opcodes.js"(exports) {
    "use strict";
    exports.toString = function(opcode) {
      switch (opcode) {
        case 0:
          return "QUERY";
        case 1:
          return "IQUERY";
        case 2:
          return "STATUS";
        case 3:
          return "OPCODE_3";
        case 4:
          return "NOTIFY";
        case 5:
          return "UPDATE";
        case 6:
          return "OPCODE_6";
        case 7:
          return "OPCODE_7";
        case 8:
          return "OPCODE_8";
        case 9:
          return "OPCODE_9";
        case 10:
          return "OPCODE_10";
        case 11:
          return "OPCODE_11";
        case 12:
          return "OPCODE_12";
        case 13:
          return "OPCODE_13";
        case 14:
          return "OPCODE_14";
        case 15:
          return "OPCODE_15";
      }
      return "OPCODE_" + opcode;
    };
    exports.toOpcode = function(code) {
      switch (code.toUpperCase()) {
        case "QUERY":
          return 0;
        case "IQUERY":
          return 1;
        case "STATUS":
          return 2;
        case "OPCODE_3":
          return 3;
        case "NOTIFY":
          return 4;
        case "UPDATE":
          return 5;
        case "OPCODE_6":
          return 6;
        case "OPCODE_7":
          return 7;
        case "OPCODE_8":
          return 8;
        case "OPCODE_9":
          return 9;
        case "OPCODE_10":
          return 10;
        case "OPCODE_11":
          return 11;
        case "OPCODE_12":
          return 12;
        case "OPCODE_13":
          return 13;
        case "OPCODE_14":
          return 14;
        case "OPCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/classes.js
var require_classes = __commonJS({
  "node_modules/dns-packet/classes.js"(exports) {
    "use strict";
    exports.toString = function(klass) {
      switch (klass) {
        case 1:
          return "IN";
        case 2:
          return "CS";
        case 3:
          return "CH";
        case 4:
          return "HS";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + klass;
    };
    exports.toClass = function(name) {
      switch (name.toUpperCase()) {
        case "IN":
          return 1;
        case "CS":
          return 2;
        case "CH":
          return 3;
        case "HS":
          return 4;
        case "ANY":
          return 255;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/optioncodes.js
var require_optioncodes = __commonJS({
  "node_modules/dns-packet/optioncodes.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        // list at
        // https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml#dns-parameters-11
        case 1:
          return "LLQ";
        case 2:
          return "UL";
        case 3:
          return "NSID";
        case 5:
          return "DAU";
        case 6:
          return "DHU";
        case 7:
          return "N3U";
        case 8:
          return "CLIENT_SUBNET";
        case 9:
          return "EXPIRE";
        case 10:
          return "COOKIE";
        case 11:
          return "TCP_KEEPALIVE";
        case 12:
          return "PADDING";
        case 13:
          return "CHAIN";
        case 14:
          return "KEY_TAG";
        case 26946:
          return "DEVICEID";
      }
      if (type < 0) {
        return null;
      }
      return `OPTION_${type}`;
    };
    exports.toCode = function(name) {
      if (typeof name === "number") {
        return name;
      }
      if (!name) {
        return -1;
      }
      switch (name.toUpperCase()) {
        case "OPTION_0":
          return 0;
        case "LLQ":
          return 1;
        case "UL":
          return 2;
        case "NSID":
          return 3;
        case "OPTION_4":
          return 4;
        case "DAU":
          return 5;
        case "DHU":
          return 6;
        case "N3U":
          return 7;
        case "CLIENT_SUBNET":
          return 8;
        case "EXPIRE":
          return 9;
        case "COOKIE":
          return 10;
        case "TCP_KEEPALIVE":
          return 11;
        case "PADDING":
          return 12;
        case "CHAIN":
          return 13;
        case "KEY_TAG":
          return 14;
        case "DEVICEID":
          return 26946;
        case "OPTION_65535":
          return 65535;
      }
      const m = name.match(/_(\d+)$/);
      if (m) {
        return parseInt(m[1], 10);
      }
      return -1;
    };
  }
});

// node_modules/@leichtgewicht/ip-codec/index.cjs
var require_ip_codec = __commonJS({
  "node_modules/@leichtgewicht/ip-codec/index.cjs"(exports, module) {
    var ipCodec = (function(exports2) {
      "use strict";
      Object.defineProperty(exports2, "__esModule", {
        value: true
      });
      exports2.decode = decode2;
      exports2.encode = encode2;
      exports2.familyOf = familyOf;
      exports2.name = void 0;
      exports2.sizeOf = sizeOf;
      exports2.v6 = exports2.v4 = void 0;
      const v4Regex = /^(\d{1,3}\.){3,3}\d{1,3}$/;
      const v4Size = 4;
      const v6Regex = /^(::)?(((\d{1,3}\.){3}(\d{1,3}){1})?([0-9a-f]){0,4}:{0,2}){1,8}(::)?$/i;
      const v6Size = 16;
      const v4 = {
        name: "v4",
        size: v4Size,
        isFormat: (ip) => v4Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          buff = buff || new Uint8Array(offset + v4Size);
          const max = ip.length;
          let n = 0;
          for (let i = 0; i < max; ) {
            const c = ip.charCodeAt(i++);
            if (c === 46) {
              buff[offset++] = n;
              n = 0;
            } else {
              n = n * 10 + (c - 48);
            }
          }
          buff[offset] = n;
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          return `${buff[offset++]}.${buff[offset++]}.${buff[offset++]}.${buff[offset]}`;
        }
      };
      exports2.v4 = v4;
      const v6 = {
        name: "v6",
        size: v6Size,
        isFormat: (ip) => ip.length > 0 && v6Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          let end = offset + v6Size;
          let fill = -1;
          let hexN = 0;
          let decN = 0;
          let prevColon = true;
          let useDec = false;
          buff = buff || new Uint8Array(offset + v6Size);
          for (let i = 0; i < ip.length; i++) {
            let c = ip.charCodeAt(i);
            if (c === 58) {
              if (prevColon) {
                if (fill !== -1) {
                  if (offset < end) buff[offset] = 0;
                  if (offset < end - 1) buff[offset + 1] = 0;
                  offset += 2;
                } else if (offset < end) {
                  fill = offset;
                }
              } else {
                if (useDec === true) {
                  if (offset < end) buff[offset] = decN;
                  offset++;
                } else {
                  if (offset < end) buff[offset] = hexN >> 8;
                  if (offset < end - 1) buff[offset + 1] = hexN & 255;
                  offset += 2;
                }
                hexN = 0;
                decN = 0;
              }
              prevColon = true;
              useDec = false;
            } else if (c === 46) {
              if (offset < end) buff[offset] = decN;
              offset++;
              decN = 0;
              hexN = 0;
              prevColon = false;
              useDec = true;
            } else {
              prevColon = false;
              if (c >= 97) {
                c -= 87;
              } else if (c >= 65) {
                c -= 55;
              } else {
                c -= 48;
                decN = decN * 10 + c;
              }
              hexN = (hexN << 4) + c;
            }
          }
          if (prevColon === false) {
            if (useDec === true) {
              if (offset < end) buff[offset] = decN;
              offset++;
            } else {
              if (offset < end) buff[offset] = hexN >> 8;
              if (offset < end - 1) buff[offset + 1] = hexN & 255;
              offset += 2;
            }
          } else if (fill === 0) {
            if (offset < end) buff[offset] = 0;
            if (offset < end - 1) buff[offset + 1] = 0;
            offset += 2;
          } else if (fill !== -1) {
            offset += 2;
            for (let i = Math.min(offset - 1, end - 1); i >= fill + 2; i--) {
              buff[i] = buff[i - 2];
            }
            buff[fill] = 0;
            buff[fill + 1] = 0;
            fill = offset;
          }
          if (fill !== offset && fill !== -1) {
            if (offset > end - 2) {
              offset = end - 2;
            }
            while (end > fill) {
              buff[--end] = offset < end && offset > fill ? buff[--offset] : 0;
            }
          } else {
            while (offset < end) {
              buff[offset++] = 0;
            }
          }
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          let result = "";
          for (let i = 0; i < v6Size; i += 2) {
            if (i !== 0) {
              result += ":";
            }
            result += (buff[offset + i] << 8 | buff[offset + i + 1]).toString(16);
          }
          return result.replace(/(^|:)0(:0)*:0(:|$)/, "$1::$3").replace(/:{3,4}/, "::");
        }
      };
      exports2.v6 = v6;
      const name = "ip";
      exports2.name = name;
      function sizeOf(ip) {
        if (v4.isFormat(ip)) return v4.size;
        if (v6.isFormat(ip)) return v6.size;
        throw Error(`Invalid ip address: ${ip}`);
      }
      function familyOf(string3) {
        return sizeOf(string3) === v4.size ? 1 : 2;
      }
      function encode2(ip, buff, offset) {
        offset = ~~offset;
        const size = sizeOf(ip);
        if (typeof buff === "function") {
          buff = buff(offset + size);
        }
        if (size === v4.size) {
          return v4.encode(ip, buff, offset);
        }
        return v6.encode(ip, buff, offset);
      }
      function decode2(buff, offset, length) {
        offset = ~~offset;
        length = length || buff.length - offset;
        if (length === v4.size) {
          return v4.decode(buff, offset, length);
        }
        if (length === v6.size) {
          return v6.decode(buff, offset, length);
        }
        throw Error(`Invalid buffer size needs to be ${v4.size} for v4 or ${v6.size} for v6.`);
      }
      return "default" in exports2 ? exports2.default : exports2;
    })({});
    if (typeof define === "function" && define.amd) define([], function() {
      return ipCodec;
    });
    else if (typeof module === "object" && typeof exports === "object") module.exports = ipCodec;
  }
});

// node_modules/dns-packet/index.js
var require_dns_packet = __commonJS({
  "node_modules/dns-packet/index.js"(exports) {
    "use strict";
    var Buffer2 = __require("buffer").Buffer;
    var types = require_types();
    var rcodes = require_rcodes();
    var opcodes = require_opcodes();
    var classes = require_classes();
    var optioncodes = require_optioncodes();
    var ip = require_ip_codec();
    var QUERY_FLAG = 0;
    var RESPONSE_FLAG = 1 << 15;
    var FLUSH_MASK = 1 << 15;
    var NOT_FLUSH_MASK = ~FLUSH_MASK;
    var QU_MASK = 1 << 15;
    var NOT_QU_MASK = ~QU_MASK;
    var name = exports.name = {};
    name.encode = function(str, buf, offset, { mail = false } = {}) {
      if (!buf) buf = Buffer2.alloc(name.encodingLength(str));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const n = str.replace(/^\.|\.$/gm, "");
      if (n.length) {
        let list = [];
        if (mail) {
          let localPart = "";
          n.split(".").forEach((label) => {
            if (label.endsWith("\\")) {
              localPart += (localPart.length ? "." : "") + label.slice(0, -1);
            } else {
              if (list.length === 0 && localPart.length) {
                list.push(localPart + "." + label);
              } else {
                list.push(label);
              }
            }
          });
        } else {
          list = n.split(".");
        }
        for (let i = 0; i < list.length; i++) {
          const len = buf.write(list[i], offset + 1);
          buf[offset] = len;
          offset += len + 1;
        }
      }
      buf[offset++] = 0;
      name.encode.bytes = offset - oldOffset;
      return buf;
    };
    name.encode.bytes = 0;
    name.decode = function(buf, offset, { mail = false } = {}) {
      if (!offset) offset = 0;
      const list = [];
      let oldOffset = offset;
      let totalLength = 0;
      let consumedBytes = 0;
      let jumped = false;
      while (true) {
        if (offset >= buf.length) {
          throw new Error("Cannot decode name (buffer overflow)");
        }
        const len = buf[offset++];
        consumedBytes += jumped ? 0 : 1;
        if (len === 0) {
          break;
        } else if ((len & 192) === 0) {
          if (offset + len > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          totalLength += len + 1;
          if (totalLength > 254) {
            throw new Error("Cannot decode name (name too long)");
          }
          let label = buf.toString("utf-8", offset, offset + len);
          if (mail) {
            label = label.replace(/\./g, "\\.");
          }
          list.push(label);
          offset += len;
          consumedBytes += jumped ? 0 : len;
        } else if ((len & 192) === 192) {
          if (offset + 1 > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          const jumpOffset = buf.readUInt16BE(offset - 1) - 49152;
          if (jumpOffset >= oldOffset) {
            throw new Error("Cannot decode name (bad pointer)");
          }
          offset = jumpOffset;
          oldOffset = jumpOffset;
          consumedBytes += jumped ? 0 : 1;
          jumped = true;
        } else {
          throw new Error("Cannot decode name (bad label)");
        }
      }
      name.decode.bytes = consumedBytes;
      return list.length === 0 ? "." : list.join(".");
    };
    name.decode.bytes = 0;
    name.encodingLength = function(n) {
      if (n === "." || n === "..") return 1;
      return Buffer2.byteLength(n.replace(/^\.|\.$/gm, "")) + 2;
    };
    var string3 = {};
    string3.encode = function(s, buf, offset) {
      if (!buf) buf = Buffer2.alloc(string3.encodingLength(s));
      if (!offset) offset = 0;
      const len = buf.write(s, offset + 1);
      buf[offset] = len;
      string3.encode.bytes = len + 1;
      return buf;
    };
    string3.encode.bytes = 0;
    string3.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf[offset];
      const s = buf.toString("utf-8", offset + 1, offset + 1 + len);
      string3.decode.bytes = len + 1;
      return s;
    };
    string3.decode.bytes = 0;
    string3.encodingLength = function(s) {
      return Buffer2.byteLength(s) + 1;
    };
    var header = {};
    header.encode = function(h, buf, offset) {
      if (!buf) buf = header.encodingLength(h);
      if (!offset) offset = 0;
      const flags = (h.flags || 0) & 32767;
      const type = h.type === "response" ? RESPONSE_FLAG : QUERY_FLAG;
      buf.writeUInt16BE(h.id || 0, offset);
      buf.writeUInt16BE(flags | type, offset + 2);
      buf.writeUInt16BE(h.questions.length, offset + 4);
      buf.writeUInt16BE(h.answers.length, offset + 6);
      buf.writeUInt16BE(h.authorities.length, offset + 8);
      buf.writeUInt16BE(h.additionals.length, offset + 10);
      return buf;
    };
    header.encode.bytes = 12;
    header.decode = function(buf, offset) {
      if (!offset) offset = 0;
      if (buf.length < 12) throw new Error("Header must be 12 bytes");
      const flags = buf.readUInt16BE(offset + 2);
      return {
        id: buf.readUInt16BE(offset),
        type: flags & RESPONSE_FLAG ? "response" : "query",
        flags: flags & 32767,
        flag_qr: (flags >> 15 & 1) === 1,
        opcode: opcodes.toString(flags >> 11 & 15),
        flag_aa: (flags >> 10 & 1) === 1,
        flag_tc: (flags >> 9 & 1) === 1,
        flag_rd: (flags >> 8 & 1) === 1,
        flag_ra: (flags >> 7 & 1) === 1,
        flag_z: (flags >> 6 & 1) === 1,
        flag_ad: (flags >> 5 & 1) === 1,
        flag_cd: (flags >> 4 & 1) === 1,
        rcode: rcodes.toString(flags & 15),
        questions: new Array(buf.readUInt16BE(offset + 4)),
        answers: new Array(buf.readUInt16BE(offset + 6)),
        authorities: new Array(buf.readUInt16BE(offset + 8)),
        additionals: new Array(buf.readUInt16BE(offset + 10))
      };
    };
    header.decode.bytes = 12;
    header.encodingLength = function() {
      return 12;
    };
    var runknown = exports.unknown = {};
    runknown.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(runknown.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.length, offset);
      data.copy(buf, offset + 2);
      runknown.encode.bytes = data.length + 2;
      return buf;
    };
    runknown.encode.bytes = 0;
    runknown.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = buf.slice(offset + 2, offset + 2 + len);
      runknown.decode.bytes = len + 2;
      return data;
    };
    runknown.decode.bytes = 0;
    runknown.encodingLength = function(data) {
      return data.length + 2;
    };
    var rns = exports.ns = {};
    rns.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rns.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rns.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rns.encode.bytes = 0;
    rns.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const dd = name.decode(buf, offset + 2);
      rns.decode.bytes = len + 2;
      return dd;
    };
    rns.decode.bytes = 0;
    rns.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsoa = exports.soa = {};
    rsoa.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsoa.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mname, buf, offset);
      offset += name.encode.bytes;
      name.encode(data.rname, buf, offset, { mail: true });
      offset += name.encode.bytes;
      buf.writeUInt32BE(data.serial || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.refresh || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.retry || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.expire || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.minimum || 0, offset);
      offset += 4;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rsoa.encode.bytes = offset - oldOffset;
      return buf;
    };
    rsoa.encode.bytes = 0;
    rsoa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mname = name.decode(buf, offset);
      offset += name.decode.bytes;
      data.rname = name.decode(buf, offset, { mail: true });
      offset += name.decode.bytes;
      data.serial = buf.readUInt32BE(offset);
      offset += 4;
      data.refresh = buf.readUInt32BE(offset);
      offset += 4;
      data.retry = buf.readUInt32BE(offset);
      offset += 4;
      data.expire = buf.readUInt32BE(offset);
      offset += 4;
      data.minimum = buf.readUInt32BE(offset);
      offset += 4;
      rsoa.decode.bytes = offset - oldOffset;
      return data;
    };
    rsoa.decode.bytes = 0;
    rsoa.encodingLength = function(data) {
      return 22 + name.encodingLength(data.mname) + name.encodingLength(data.rname);
    };
    var rtxt = exports.txt = {};
    rtxt.encode = function(data, buf, offset) {
      if (!Array.isArray(data)) data = [data];
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] === "string") {
          data[i] = Buffer2.from(data[i]);
        }
        if (!Buffer2.isBuffer(data[i])) {
          throw new Error("Must be a Buffer");
        }
      }
      if (!buf) buf = Buffer2.alloc(rtxt.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      data.forEach(function(d) {
        buf[offset++] = d.length;
        d.copy(buf, offset, 0, d.length);
        offset += d.length;
      });
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rtxt.encode.bytes = offset - oldOffset;
      return buf;
    };
    rtxt.encode.bytes = 0;
    rtxt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      let remaining = buf.readUInt16BE(offset);
      offset += 2;
      let data = [];
      while (remaining > 0) {
        const len = buf[offset++];
        --remaining;
        if (remaining < len) {
          throw new Error("Buffer overflow");
        }
        data.push(buf.slice(offset, offset + len));
        offset += len;
        remaining -= len;
      }
      rtxt.decode.bytes = offset - oldOffset;
      return data;
    };
    rtxt.decode.bytes = 0;
    rtxt.encodingLength = function(data) {
      if (!Array.isArray(data)) data = [data];
      let length = 2;
      data.forEach(function(buf) {
        if (typeof buf === "string") {
          length += Buffer2.byteLength(buf) + 1;
        } else {
          length += buf.length + 1;
        }
      });
      return length;
    };
    var rnull = exports.null = {};
    rnull.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnull.encodingLength(data));
      if (!offset) offset = 0;
      if (typeof data === "string") data = Buffer2.from(data);
      if (!data) data = Buffer2.alloc(0);
      const oldOffset = offset;
      offset += 2;
      const len = data.length;
      data.copy(buf, offset, 0, len);
      offset += len;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rnull.encode.bytes = offset - oldOffset;
      return buf;
    };
    rnull.encode.bytes = 0;
    rnull.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const data = buf.slice(offset, offset + len);
      offset += len;
      rnull.decode.bytes = offset - oldOffset;
      return data;
    };
    rnull.decode.bytes = 0;
    rnull.encodingLength = function(data) {
      if (!data) return 2;
      return (Buffer2.isBuffer(data) ? data.length : Buffer2.byteLength(data)) + 2;
    };
    var rhinfo = exports.hinfo = {};
    rhinfo.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rhinfo.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      string3.encode(data.cpu, buf, offset);
      offset += string3.encode.bytes;
      string3.encode(data.os, buf, offset);
      offset += string3.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rhinfo.encode.bytes = offset - oldOffset;
      return buf;
    };
    rhinfo.encode.bytes = 0;
    rhinfo.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.cpu = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      data.os = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      rhinfo.decode.bytes = offset - oldOffset;
      return data;
    };
    rhinfo.decode.bytes = 0;
    rhinfo.encodingLength = function(data) {
      return string3.encodingLength(data.cpu) + string3.encodingLength(data.os) + 2;
    };
    var rptr = exports.ptr = {};
    var rcname = exports.cname = rptr;
    var rdname = exports.dname = rptr;
    rptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rptr.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rptr.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rptr.encode.bytes = 0;
    rptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const data = name.decode(buf, offset + 2);
      rptr.decode.bytes = name.decode.bytes + 2;
      return data;
    };
    rptr.decode.bytes = 0;
    rptr.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsrv = exports.srv = {};
    rsrv.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsrv.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.priority || 0, offset + 2);
      buf.writeUInt16BE(data.weight || 0, offset + 4);
      buf.writeUInt16BE(data.port || 0, offset + 6);
      name.encode(data.target, buf, offset + 8);
      const len = name.encode.bytes + 6;
      buf.writeUInt16BE(len, offset);
      rsrv.encode.bytes = len + 2;
      return buf;
    };
    rsrv.encode.bytes = 0;
    rsrv.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = {};
      data.priority = buf.readUInt16BE(offset + 2);
      data.weight = buf.readUInt16BE(offset + 4);
      data.port = buf.readUInt16BE(offset + 6);
      data.target = name.decode(buf, offset + 8);
      rsrv.decode.bytes = len + 2;
      return data;
    };
    rsrv.decode.bytes = 0;
    rsrv.encodingLength = function(data) {
      return 8 + name.encodingLength(data.target);
    };
    var rcaa = exports.caa = {};
    rcaa.ISSUER_CRITICAL = 1 << 7;
    rcaa.encode = function(data, buf, offset) {
      const len = rcaa.encodingLength(data);
      if (!buf) buf = Buffer2.alloc(rcaa.encodingLength(data));
      if (!offset) offset = 0;
      if (data.issuerCritical) {
        data.flags = rcaa.ISSUER_CRITICAL;
      }
      buf.writeUInt16BE(len - 2, offset);
      offset += 2;
      buf.writeUInt8(data.flags || 0, offset);
      offset += 1;
      string3.encode(data.tag, buf, offset);
      offset += string3.encode.bytes;
      buf.write(data.value, offset);
      offset += Buffer2.byteLength(data.value);
      rcaa.encode.bytes = len;
      return buf;
    };
    rcaa.encode.bytes = 0;
    rcaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const oldOffset = offset;
      const data = {};
      data.flags = buf.readUInt8(offset);
      offset += 1;
      data.tag = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      data.value = buf.toString("utf-8", offset, oldOffset + len);
      data.issuerCritical = !!(data.flags & rcaa.ISSUER_CRITICAL);
      rcaa.decode.bytes = len + 2;
      return data;
    };
    rcaa.decode.bytes = 0;
    rcaa.encodingLength = function(data) {
      return string3.encodingLength(data.tag) + string3.encodingLength(data.value) + 2;
    };
    var rmx = exports.mx = {};
    rmx.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rmx.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      name.encode(data.exchange, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rmx.encode.bytes = offset - oldOffset;
      return buf;
    };
    rmx.encode.bytes = 0;
    rmx.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.exchange = name.decode(buf, offset);
      offset += name.decode.bytes;
      rmx.decode.bytes = offset - oldOffset;
      return data;
    };
    rmx.encodingLength = function(data) {
      return 4 + name.encodingLength(data.exchange);
    };
    var ra = exports.a = {};
    ra.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ra.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(4, offset);
      offset += 2;
      ip.v4.encode(host, buf, offset);
      ra.encode.bytes = 6;
      return buf;
    };
    ra.encode.bytes = 0;
    ra.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v4.decode(buf, offset);
      ra.decode.bytes = 6;
      return host;
    };
    ra.decode.bytes = 0;
    ra.encodingLength = function() {
      return 6;
    };
    var raaaa = exports.aaaa = {};
    raaaa.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(raaaa.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(16, offset);
      offset += 2;
      ip.v6.encode(host, buf, offset);
      raaaa.encode.bytes = 18;
      return buf;
    };
    raaaa.encode.bytes = 0;
    raaaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v6.decode(buf, offset);
      raaaa.decode.bytes = 18;
      return host;
    };
    raaaa.decode.bytes = 0;
    raaaa.encodingLength = function() {
      return 18;
    };
    var roption = exports.option = {};
    roption.encode = function(option, buf, offset) {
      if (!buf) buf = Buffer2.alloc(roption.encodingLength(option));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const code = optioncodes.toCode(option.code);
      buf.writeUInt16BE(code, offset);
      offset += 2;
      if (option.data) {
        buf.writeUInt16BE(option.data.length, offset);
        offset += 2;
        option.data.copy(buf, offset);
        offset += option.data.length;
      } else {
        switch (code) {
          // case 3: NSID.  No encode makes sense.
          // case 5,6,7: Not implementable
          case 8:
            const spl = option.sourcePrefixLength || 0;
            const fam = option.family || ip.familyOf(option.ip);
            const ipBuf = ip.encode(option.ip, Buffer2.alloc);
            const ipLen = Math.ceil(spl / 8);
            buf.writeUInt16BE(ipLen + 4, offset);
            offset += 2;
            buf.writeUInt16BE(fam, offset);
            offset += 2;
            buf.writeUInt8(spl, offset++);
            buf.writeUInt8(option.scopePrefixLength || 0, offset++);
            ipBuf.copy(buf, offset, 0, ipLen);
            offset += ipLen;
            break;
          // case 9: EXPIRE (experimental)
          // case 10: COOKIE.  No encode makes sense.
          case 11:
            if (option.timeout) {
              buf.writeUInt16BE(2, offset);
              offset += 2;
              buf.writeUInt16BE(option.timeout, offset);
              offset += 2;
            } else {
              buf.writeUInt16BE(0, offset);
              offset += 2;
            }
            break;
          case 12:
            const len = option.length || 0;
            buf.writeUInt16BE(len, offset);
            offset += 2;
            buf.fill(0, offset, offset + len);
            offset += len;
            break;
          // case 13:  CHAIN.  Experimental.
          case 14:
            const tagsLen = option.tags.length * 2;
            buf.writeUInt16BE(tagsLen, offset);
            offset += 2;
            for (const tag of option.tags) {
              buf.writeUInt16BE(tag, offset);
              offset += 2;
            }
            break;
          default:
            throw new Error(`Unknown roption code: ${option.code}`);
        }
      }
      roption.encode.bytes = offset - oldOffset;
      return buf;
    };
    roption.encode.bytes = 0;
    roption.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const option = {};
      option.code = buf.readUInt16BE(offset);
      option.type = optioncodes.toString(option.code);
      offset += 2;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      option.data = buf.slice(offset, offset + len);
      switch (option.code) {
        // case 3: NSID.  No decode makes sense.
        case 8:
          option.family = buf.readUInt16BE(offset);
          offset += 2;
          option.sourcePrefixLength = buf.readUInt8(offset++);
          option.scopePrefixLength = buf.readUInt8(offset++);
          const padded = Buffer2.alloc(option.family === 1 ? 4 : 16);
          buf.copy(padded, 0, offset, offset + len - 4);
          option.ip = ip.decode(padded);
          break;
        // case 12: Padding.  No decode makes sense.
        case 11:
          if (len > 0) {
            option.timeout = buf.readUInt16BE(offset);
            offset += 2;
          }
          break;
        case 14:
          option.tags = [];
          for (let i = 0; i < len; i += 2) {
            option.tags.push(buf.readUInt16BE(offset));
            offset += 2;
          }
      }
      roption.decode.bytes = len + 4;
      return option;
    };
    roption.decode.bytes = 0;
    roption.encodingLength = function(option) {
      if (option.data) {
        return option.data.length + 4;
      }
      const code = optioncodes.toCode(option.code);
      switch (code) {
        case 8:
          const spl = option.sourcePrefixLength || 0;
          return Math.ceil(spl / 8) + 8;
        case 11:
          return typeof option.timeout === "number" ? 6 : 4;
        case 12:
          return option.length + 4;
        case 14:
          return 4 + option.tags.length * 2;
      }
      throw new Error(`Unknown roption code: ${option.code}`);
    };
    var ropt = exports.opt = {};
    ropt.encode = function(options, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ropt.encodingLength(options));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const rdlen = encodingLengthList(options, roption);
      buf.writeUInt16BE(rdlen, offset);
      offset = encodeList(options, roption, buf, offset + 2);
      ropt.encode.bytes = offset - oldOffset;
      return buf;
    };
    ropt.encode.bytes = 0;
    ropt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const options = [];
      let rdlen = buf.readUInt16BE(offset);
      offset += 2;
      let o = 0;
      while (rdlen > 0) {
        options[o++] = roption.decode(buf, offset);
        offset += roption.decode.bytes;
        rdlen -= roption.decode.bytes;
      }
      ropt.decode.bytes = offset - oldOffset;
      return options;
    };
    ropt.decode.bytes = 0;
    ropt.encodingLength = function(options) {
      return 2 + encodingLengthList(options || [], roption);
    };
    var rdnskey = exports.dnskey = {};
    rdnskey.PROTOCOL_DNSSEC = 3;
    rdnskey.ZONE_KEY = 128;
    rdnskey.SECURE_ENTRYPOINT = 32768;
    rdnskey.encode = function(key, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rdnskey.encodingLength(key));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const keydata = key.key;
      if (!Buffer2.isBuffer(keydata)) {
        throw new Error("Key must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(key.flags, offset);
      offset += 2;
      buf.writeUInt8(rdnskey.PROTOCOL_DNSSEC, offset);
      offset += 1;
      buf.writeUInt8(key.algorithm, offset);
      offset += 1;
      keydata.copy(buf, offset, 0, keydata.length);
      offset += keydata.length;
      rdnskey.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rdnskey.encode.bytes - 2, oldOffset);
      return buf;
    };
    rdnskey.encode.bytes = 0;
    rdnskey.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var key = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      key.flags = buf.readUInt16BE(offset);
      offset += 2;
      if (buf.readUInt8(offset) !== rdnskey.PROTOCOL_DNSSEC) {
        throw new Error("Protocol must be 3");
      }
      offset += 1;
      key.algorithm = buf.readUInt8(offset);
      offset += 1;
      key.key = buf.slice(offset, oldOffset + length + 2);
      offset += key.key.length;
      rdnskey.decode.bytes = offset - oldOffset;
      return key;
    };
    rdnskey.decode.bytes = 0;
    rdnskey.encodingLength = function(key) {
      return 6 + Buffer2.byteLength(key.key);
    };
    var rrrsig = exports.rrsig = {};
    rrrsig.encode = function(sig, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrrsig.encodingLength(sig));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const signature = sig.signature;
      if (!Buffer2.isBuffer(signature)) {
        throw new Error("Signature must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(types.toType(sig.typeCovered), offset);
      offset += 2;
      buf.writeUInt8(sig.algorithm, offset);
      offset += 1;
      buf.writeUInt8(sig.labels, offset);
      offset += 1;
      buf.writeUInt32BE(sig.originalTTL, offset);
      offset += 4;
      buf.writeUInt32BE(sig.expiration, offset);
      offset += 4;
      buf.writeUInt32BE(sig.inception, offset);
      offset += 4;
      buf.writeUInt16BE(sig.keyTag, offset);
      offset += 2;
      name.encode(sig.signersName, buf, offset);
      offset += name.encode.bytes;
      signature.copy(buf, offset, 0, signature.length);
      offset += signature.length;
      rrrsig.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrrsig.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrrsig.encode.bytes = 0;
    rrrsig.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var sig = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      sig.typeCovered = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      sig.algorithm = buf.readUInt8(offset);
      offset += 1;
      sig.labels = buf.readUInt8(offset);
      offset += 1;
      sig.originalTTL = buf.readUInt32BE(offset);
      offset += 4;
      sig.expiration = buf.readUInt32BE(offset);
      offset += 4;
      sig.inception = buf.readUInt32BE(offset);
      offset += 4;
      sig.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      sig.signersName = name.decode(buf, offset);
      offset += name.decode.bytes;
      sig.signature = buf.slice(offset, oldOffset + length + 2);
      offset += sig.signature.length;
      rrrsig.decode.bytes = offset - oldOffset;
      return sig;
    };
    rrrsig.decode.bytes = 0;
    rrrsig.encodingLength = function(sig) {
      return 20 + name.encodingLength(sig.signersName) + Buffer2.byteLength(sig.signature);
    };
    var rrp = exports.rp = {};
    rrp.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrp.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mbox || ".", buf, offset, { mail: true });
      offset += name.encode.bytes;
      name.encode(data.txt || ".", buf, offset);
      offset += name.encode.bytes;
      rrp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrp.encode.bytes = 0;
    rrp.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mbox = name.decode(buf, offset, { mail: true }) || ".";
      offset += name.decode.bytes;
      data.txt = name.decode(buf, offset) || ".";
      offset += name.decode.bytes;
      rrp.decode.bytes = offset - oldOffset;
      return data;
    };
    rrp.decode.bytes = 0;
    rrp.encodingLength = function(data) {
      return 2 + name.encodingLength(data.mbox || ".") + name.encodingLength(data.txt || ".");
    };
    var typebitmap = {};
    typebitmap.encode = function(typelist, buf, offset) {
      if (!buf) buf = Buffer2.alloc(typebitmap.encodingLength(typelist));
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typesByWindow = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        if (typesByWindow[typeid >> 8] === void 0) {
          typesByWindow[typeid >> 8] = [];
        }
        typesByWindow[typeid >> 8][typeid >> 3 & 31] |= 1 << 7 - (typeid & 7);
      }
      for (i = 0; i < typesByWindow.length; i++) {
        if (typesByWindow[i] !== void 0) {
          var windowBuf = Buffer2.from(typesByWindow[i]);
          buf.writeUInt8(i, offset);
          offset += 1;
          buf.writeUInt8(windowBuf.length, offset);
          offset += 1;
          windowBuf.copy(buf, offset);
          offset += windowBuf.length;
        }
      }
      typebitmap.encode.bytes = offset - oldOffset;
      return buf;
    };
    typebitmap.encode.bytes = 0;
    typebitmap.decode = function(buf, offset, length) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typelist = [];
      while (offset - oldOffset < length) {
        var window = buf.readUInt8(offset);
        offset += 1;
        var windowLength = buf.readUInt8(offset);
        offset += 1;
        for (var i = 0; i < windowLength; i++) {
          var b = buf.readUInt8(offset + i);
          for (var j = 0; j < 8; j++) {
            if (b & 1 << 7 - j) {
              var typeid = types.toString(window << 8 | i << 3 | j);
              typelist.push(typeid);
            }
          }
        }
        offset += windowLength;
      }
      typebitmap.decode.bytes = offset - oldOffset;
      return typelist;
    };
    typebitmap.decode.bytes = 0;
    typebitmap.encodingLength = function(typelist) {
      var extents = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        extents[typeid >> 8] = Math.max(extents[typeid >> 8] || 0, typeid & 255);
      }
      var len = 0;
      for (i = 0; i < extents.length; i++) {
        if (extents[i] !== void 0) {
          len += 2 + Math.ceil((extents[i] + 1) / 8);
        }
      }
      return len;
    };
    var rnsec = exports.nsec = {};
    rnsec.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(record.nextDomain, buf, offset);
      offset += name.encode.bytes;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec.encode.bytes = 0;
    rnsec.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.nextDomain = name.decode(buf, offset);
      offset += name.decode.bytes;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec.decode.bytes = 0;
    rnsec.encodingLength = function(record) {
      return 2 + name.encodingLength(record.nextDomain) + typebitmap.encodingLength(record.rrtypes);
    };
    var rnsec3 = exports.nsec3 = {};
    rnsec3.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec3.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const salt = record.salt;
      if (!Buffer2.isBuffer(salt)) {
        throw new Error("salt must be a Buffer");
      }
      const nextDomain = record.nextDomain;
      if (!Buffer2.isBuffer(nextDomain)) {
        throw new Error("nextDomain must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(record.algorithm, offset);
      offset += 1;
      buf.writeUInt8(record.flags, offset);
      offset += 1;
      buf.writeUInt16BE(record.iterations, offset);
      offset += 2;
      buf.writeUInt8(salt.length, offset);
      offset += 1;
      salt.copy(buf, offset, 0, salt.length);
      offset += salt.length;
      buf.writeUInt8(nextDomain.length, offset);
      offset += 1;
      nextDomain.copy(buf, offset, 0, nextDomain.length);
      offset += nextDomain.length;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec3.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec3.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec3.encode.bytes = 0;
    rnsec3.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.algorithm = buf.readUInt8(offset);
      offset += 1;
      record.flags = buf.readUInt8(offset);
      offset += 1;
      record.iterations = buf.readUInt16BE(offset);
      offset += 2;
      const saltLength = buf.readUInt8(offset);
      offset += 1;
      record.salt = buf.slice(offset, offset + saltLength);
      offset += saltLength;
      const hashLength = buf.readUInt8(offset);
      offset += 1;
      record.nextDomain = buf.slice(offset, offset + hashLength);
      offset += hashLength;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec3.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec3.decode.bytes = 0;
    rnsec3.encodingLength = function(record) {
      return 8 + record.salt.length + record.nextDomain.length + typebitmap.encodingLength(record.rrtypes);
    };
    var rds = exports.ds = {};
    rds.encode = function(digest, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rds.encodingLength(digest));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const digestdata = digest.digest;
      if (!Buffer2.isBuffer(digestdata)) {
        throw new Error("Digest must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(digest.keyTag, offset);
      offset += 2;
      buf.writeUInt8(digest.algorithm, offset);
      offset += 1;
      buf.writeUInt8(digest.digestType, offset);
      offset += 1;
      digestdata.copy(buf, offset, 0, digestdata.length);
      offset += digestdata.length;
      rds.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rds.encode.bytes - 2, oldOffset);
      return buf;
    };
    rds.encode.bytes = 0;
    rds.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var digest = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      digest.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      digest.algorithm = buf.readUInt8(offset);
      offset += 1;
      digest.digestType = buf.readUInt8(offset);
      offset += 1;
      digest.digest = buf.slice(offset, oldOffset + length + 2);
      offset += digest.digest.length;
      rds.decode.bytes = offset - oldOffset;
      return digest;
    };
    rds.decode.bytes = 0;
    rds.encodingLength = function(digest) {
      return 6 + Buffer2.byteLength(digest.digest);
    };
    var rsshfp = exports.sshfp = {};
    rsshfp.getFingerprintLengthForHashType = function getFingerprintLengthForHashType(hashType) {
      switch (hashType) {
        case 1:
          return 20;
        case 2:
          return 32;
      }
    };
    rsshfp.encode = function encode2(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsshfp.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf[offset] = record.algorithm;
      offset += 1;
      buf[offset] = record.hash;
      offset += 1;
      const fingerprintBuf = Buffer2.from(record.fingerprint.toUpperCase(), "hex");
      if (fingerprintBuf.length !== rsshfp.getFingerprintLengthForHashType(record.hash)) {
        throw new Error("Invalid fingerprint length");
      }
      fingerprintBuf.copy(buf, offset);
      offset += fingerprintBuf.byteLength;
      rsshfp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rsshfp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rsshfp.encode.bytes = 0;
    rsshfp.decode = function decode2(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const record = {};
      offset += 2;
      record.algorithm = buf[offset];
      offset += 1;
      record.hash = buf[offset];
      offset += 1;
      const fingerprintLength = rsshfp.getFingerprintLengthForHashType(record.hash);
      record.fingerprint = buf.slice(offset, offset + fingerprintLength).toString("hex").toUpperCase();
      offset += fingerprintLength;
      rsshfp.decode.bytes = offset - oldOffset;
      return record;
    };
    rsshfp.decode.bytes = 0;
    rsshfp.encodingLength = function(record) {
      return 4 + Buffer2.from(record.fingerprint, "hex").byteLength;
    };
    var rnaptr = exports.naptr = {};
    rnaptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnaptr.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.order || 0, offset);
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      string3.encode(data.flags, buf, offset);
      offset += string3.encode.bytes;
      string3.encode(data.services, buf, offset);
      offset += string3.encode.bytes;
      string3.encode(data.regexp, buf, offset);
      offset += string3.encode.bytes;
      name.encode(data.replacement, buf, offset);
      offset += name.encode.bytes;
      rnaptr.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnaptr.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnaptr.encode.bytes = 0;
    rnaptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.order = buf.readUInt16BE(offset);
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.flags = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      data.services = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      data.regexp = string3.decode(buf, offset);
      offset += string3.decode.bytes;
      data.replacement = name.decode(buf, offset);
      offset += name.decode.bytes;
      rnaptr.decode.bytes = offset - oldOffset;
      return data;
    };
    rnaptr.decode.bytes = 0;
    rnaptr.encodingLength = function(data) {
      return string3.encodingLength(data.flags) + string3.encodingLength(data.services) + string3.encodingLength(data.regexp) + name.encodingLength(data.replacement) + 6;
    };
    var rtlsa = exports.tlsa = {};
    rtlsa.encode = function(cert, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rtlsa.encodingLength(cert));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const certdata = cert.certificate;
      if (!Buffer2.isBuffer(certdata)) {
        throw new Error("Certificate must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(cert.usage, offset);
      offset += 1;
      buf.writeUInt8(cert.selector, offset);
      offset += 1;
      buf.writeUInt8(cert.matchingType, offset);
      offset += 1;
      certdata.copy(buf, offset, 0, certdata.length);
      offset += certdata.length;
      rtlsa.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rtlsa.encode.bytes - 2, oldOffset);
      return buf;
    };
    rtlsa.encode.bytes = 0;
    rtlsa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const cert = {};
      const length = buf.readUInt16BE(offset);
      offset += 2;
      cert.usage = buf.readUInt8(offset);
      offset += 1;
      cert.selector = buf.readUInt8(offset);
      offset += 1;
      cert.matchingType = buf.readUInt8(offset);
      offset += 1;
      cert.certificate = buf.slice(offset, oldOffset + length + 2);
      offset += cert.certificate.length;
      rtlsa.decode.bytes = offset - oldOffset;
      return cert;
    };
    rtlsa.decode.bytes = 0;
    rtlsa.encodingLength = function(cert) {
      return 5 + Buffer2.byteLength(cert.certificate);
    };
    var renc = exports.record = function(type) {
      switch (type.toUpperCase()) {
        case "A":
          return ra;
        case "PTR":
          return rptr;
        case "CNAME":
          return rcname;
        case "DNAME":
          return rdname;
        case "TXT":
          return rtxt;
        case "NULL":
          return rnull;
        case "AAAA":
          return raaaa;
        case "SRV":
          return rsrv;
        case "HINFO":
          return rhinfo;
        case "CAA":
          return rcaa;
        case "NS":
          return rns;
        case "SOA":
          return rsoa;
        case "MX":
          return rmx;
        case "OPT":
          return ropt;
        case "DNSKEY":
          return rdnskey;
        case "RRSIG":
          return rrrsig;
        case "RP":
          return rrp;
        case "NSEC":
          return rnsec;
        case "NSEC3":
          return rnsec3;
        case "SSHFP":
          return rsshfp;
        case "DS":
          return rds;
        case "NAPTR":
          return rnaptr;
        case "TLSA":
          return rtlsa;
      }
      return runknown;
    };
    var answer = exports.answer = {};
    answer.encode = function(a, buf, offset) {
      if (!buf) buf = Buffer2.alloc(answer.encodingLength(a));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(a.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(a.type), offset);
      if (a.type.toUpperCase() === "OPT") {
        if (a.name !== ".") {
          throw new Error("OPT name must be root.");
        }
        buf.writeUInt16BE(a.udpPayloadSize || 4096, offset + 2);
        buf.writeUInt8(a.extendedRcode || 0, offset + 4);
        buf.writeUInt8(a.ednsVersion || 0, offset + 5);
        buf.writeUInt16BE(a.flags || 0, offset + 6);
        offset += 8;
        ropt.encode(a.options || [], buf, offset);
        offset += ropt.encode.bytes;
      } else {
        let klass = classes.toClass(a.class === void 0 ? "IN" : a.class);
        if (a.flush) klass |= FLUSH_MASK;
        buf.writeUInt16BE(klass, offset + 2);
        buf.writeUInt32BE(a.ttl || 0, offset + 4);
        offset += 8;
        const enc = renc(a.type);
        enc.encode(a.data, buf, offset);
        offset += enc.encode.bytes;
      }
      answer.encode.bytes = offset - oldOffset;
      return buf;
    };
    answer.encode.bytes = 0;
    answer.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const a = {};
      const oldOffset = offset;
      a.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      a.type = types.toString(buf.readUInt16BE(offset));
      if (a.type === "OPT") {
        a.udpPayloadSize = buf.readUInt16BE(offset + 2);
        a.extendedRcode = buf.readUInt8(offset + 4);
        a.ednsVersion = buf.readUInt8(offset + 5);
        a.flags = buf.readUInt16BE(offset + 6);
        a.flag_do = (a.flags >> 15 & 1) === 1;
        a.options = ropt.decode(buf, offset + 8);
        offset += 8 + ropt.decode.bytes;
      } else {
        const klass = buf.readUInt16BE(offset + 2);
        a.ttl = buf.readUInt32BE(offset + 4);
        a.class = classes.toString(klass & NOT_FLUSH_MASK);
        a.flush = !!(klass & FLUSH_MASK);
        const enc = renc(a.type);
        a.data = enc.decode(buf, offset + 8);
        offset += 8 + enc.decode.bytes;
      }
      answer.decode.bytes = offset - oldOffset;
      return a;
    };
    answer.decode.bytes = 0;
    answer.encodingLength = function(a) {
      const data = a.data !== null && a.data !== void 0 ? a.data : a.options;
      return name.encodingLength(a.name) + 8 + renc(a.type).encodingLength(data);
    };
    var question = exports.question = {};
    question.encode = function(q, buf, offset) {
      if (!buf) buf = Buffer2.alloc(question.encodingLength(q));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(q.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(q.type), offset);
      offset += 2;
      buf.writeUInt16BE(classes.toClass(q.class === void 0 ? "IN" : q.class), offset);
      offset += 2;
      question.encode.bytes = offset - oldOffset;
      return q;
    };
    question.encode.bytes = 0;
    question.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const q = {};
      q.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      q.type = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      q.class = classes.toString(buf.readUInt16BE(offset));
      offset += 2;
      const qu = !!(q.class & QU_MASK);
      if (qu) q.class &= NOT_QU_MASK;
      question.decode.bytes = offset - oldOffset;
      return q;
    };
    question.decode.bytes = 0;
    question.encodingLength = function(q) {
      return name.encodingLength(q.name) + 4;
    };
    exports.AUTHORITATIVE_ANSWER = 1 << 10;
    exports.TRUNCATED_RESPONSE = 1 << 9;
    exports.RECURSION_DESIRED = 1 << 8;
    exports.RECURSION_AVAILABLE = 1 << 7;
    exports.AUTHENTIC_DATA = 1 << 5;
    exports.CHECKING_DISABLED = 1 << 4;
    exports.DNSSEC_OK = 1 << 15;
    exports.encode = function(result, buf, offset) {
      const allocing = !buf;
      if (allocing) buf = Buffer2.alloc(exports.encodingLength(result));
      if (!offset) offset = 0;
      const oldOffset = offset;
      if (!result.questions) result.questions = [];
      if (!result.answers) result.answers = [];
      if (!result.authorities) result.authorities = [];
      if (!result.additionals) result.additionals = [];
      header.encode(result, buf, offset);
      offset += header.encode.bytes;
      offset = encodeList(result.questions, question, buf, offset);
      offset = encodeList(result.answers, answer, buf, offset);
      offset = encodeList(result.authorities, answer, buf, offset);
      offset = encodeList(result.additionals, answer, buf, offset);
      exports.encode.bytes = offset - oldOffset;
      if (allocing && exports.encode.bytes !== buf.length) {
        return buf.slice(0, exports.encode.bytes);
      }
      return buf;
    };
    exports.encode.bytes = 0;
    exports.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const result = header.decode(buf, offset);
      offset += header.decode.bytes;
      offset = decodeList(result.questions, question, buf, offset);
      offset = decodeList(result.answers, answer, buf, offset);
      offset = decodeList(result.authorities, answer, buf, offset);
      offset = decodeList(result.additionals, answer, buf, offset);
      exports.decode.bytes = offset - oldOffset;
      return result;
    };
    exports.decode.bytes = 0;
    exports.encodingLength = function(result) {
      return header.encodingLength(result) + encodingLengthList(result.questions || [], question) + encodingLengthList(result.answers || [], answer) + encodingLengthList(result.authorities || [], answer) + encodingLengthList(result.additionals || [], answer);
    };
    exports.streamEncode = function(result) {
      const buf = exports.encode(result);
      const sbuf = Buffer2.alloc(2);
      sbuf.writeUInt16BE(buf.byteLength);
      const combine = Buffer2.concat([sbuf, buf]);
      exports.streamEncode.bytes = combine.byteLength;
      return combine;
    };
    exports.streamEncode.bytes = 0;
    exports.streamDecode = function(sbuf) {
      const len = sbuf.readUInt16BE(0);
      if (sbuf.byteLength < len + 2) {
        return null;
      }
      const result = exports.decode(sbuf.slice(2));
      exports.streamDecode.bytes = exports.decode.bytes;
      return result;
    };
    exports.streamDecode.bytes = 0;
    function encodingLengthList(list, enc) {
      let len = 0;
      for (let i = 0; i < list.length; i++) len += enc.encodingLength(list[i]);
      return len;
    }
    function encodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        enc.encode(list[i], buf, offset);
        offset += enc.encode.bytes;
      }
      return offset;
    }
    function decodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        list[i] = enc.decode(buf, offset);
        offset += enc.decode.bytes;
      }
      return offset;
    }
  }
});

// builtin:node:zlib
var node_zlib_exports = {};
__export(node_zlib_exports, {
  BrotliCompress: () => BrotliCompress,
  BrotliDecompress: () => BrotliDecompress,
  Deflate: () => Deflate,
  DeflateRaw: () => DeflateRaw,
  Gunzip: () => Gunzip,
  Gzip: () => Gzip,
  Inflate: () => Inflate,
  InflateRaw: () => InflateRaw,
  Unzip: () => Unzip,
  brotliCompress: () => brotliCompress,
  brotliCompressSync: () => brotliCompressSync,
  brotliDecompress: () => brotliDecompress,
  brotliDecompressSync: () => brotliDecompressSync,
  codes: () => codes,
  constants: () => constants,
  crc32: () => crc32,
  createBrotliCompress: () => createBrotliCompress,
  createBrotliDecompress: () => createBrotliDecompress,
  createDeflate: () => createDeflate,
  createDeflateRaw: () => createDeflateRaw,
  createGunzip: () => createGunzip,
  createGzip: () => createGzip,
  createInflate: () => createInflate,
  createInflateRaw: () => createInflateRaw,
  createUnzip: () => createUnzip,
  default: () => node_zlib_default,
  deflate: () => deflate,
  deflateRaw: () => deflateRaw,
  deflateRawSync: () => deflateRawSync,
  deflateSync: () => deflateSync,
  gunzip: () => gunzip,
  gunzipSync: () => gunzipSync,
  gzip: () => gzip,
  gzipSync: () => gzipSync,
  inflate: () => inflate,
  inflateRaw: () => inflateRaw,
  inflateRawSync: () => inflateRawSync,
  inflateSync: () => inflateSync,
  unzip: () => unzip,
  unzipSync: () => unzipSync
});
var builtin3, node_zlib_default, crc32, Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw, Unzip, BrotliCompress, BrotliDecompress, deflate, deflateSync, gzip, gzipSync, deflateRaw, deflateRawSync, unzip, unzipSync, inflate, inflateSync, gunzip, gunzipSync, inflateRaw, inflateRawSync, brotliCompress, brotliCompressSync, brotliDecompress, brotliDecompressSync, createDeflate, createInflate, createDeflateRaw, createInflateRaw, createGzip, createGunzip, createUnzip, createBrotliCompress, createBrotliDecompress, constants, codes;
var init_node_zlib = __esm({
  "builtin:node:zlib"() {
    builtin3 = __require("node:zlib");
    node_zlib_default = builtin3;
    crc32 = /* @__PURE__ */ (() => builtin3.crc32)();
    Deflate = /* @__PURE__ */ (() => builtin3.Deflate)();
    Inflate = /* @__PURE__ */ (() => builtin3.Inflate)();
    Gzip = /* @__PURE__ */ (() => builtin3.Gzip)();
    Gunzip = /* @__PURE__ */ (() => builtin3.Gunzip)();
    DeflateRaw = /* @__PURE__ */ (() => builtin3.DeflateRaw)();
    InflateRaw = /* @__PURE__ */ (() => builtin3.InflateRaw)();
    Unzip = /* @__PURE__ */ (() => builtin3.Unzip)();
    BrotliCompress = /* @__PURE__ */ (() => builtin3.BrotliCompress)();
    BrotliDecompress = /* @__PURE__ */ (() => builtin3.BrotliDecompress)();
    deflate = /* @__PURE__ */ (() => builtin3.deflate)();
    deflateSync = /* @__PURE__ */ (() => builtin3.deflateSync)();
    gzip = /* @__PURE__ */ (() => builtin3.gzip)();
    gzipSync = /* @__PURE__ */ (() => builtin3.gzipSync)();
    deflateRaw = /* @__PURE__ */ (() => builtin3.deflateRaw)();
    deflateRawSync = /* @__PURE__ */ (() => builtin3.deflateRawSync)();
    unzip = /* @__PURE__ */ (() => builtin3.unzip)();
    unzipSync = /* @__PURE__ */ (() => builtin3.unzipSync)();
    inflate = /* @__PURE__ */ (() => builtin3.inflate)();
    inflateSync = /* @__PURE__ */ (() => builtin3.inflateSync)();
    gunzip = /* @__PURE__ */ (() => builtin3.gunzip)();
    gunzipSync = /* @__PURE__ */ (() => builtin3.gunzipSync)();
    inflateRaw = /* @__PURE__ */ (() => builtin3.inflateRaw)();
    inflateRawSync = /* @__PURE__ */ (() => builtin3.inflateRawSync)();
    brotliCompress = /* @__PURE__ */ (() => builtin3.brotliCompress)();
    brotliCompressSync = /* @__PURE__ */ (() => builtin3.brotliCompressSync)();
    brotliDecompress = /* @__PURE__ */ (() => builtin3.brotliDecompress)();
    brotliDecompressSync = /* @__PURE__ */ (() => builtin3.brotliDecompressSync)();
    createDeflate = /* @__PURE__ */ (() => builtin3.createDeflate)();
    createInflate = /* @__PURE__ */ (() => builtin3.createInflate)();
    createDeflateRaw = /* @__PURE__ */ (() => builtin3.createDeflateRaw)();
    createInflateRaw = /* @__PURE__ */ (() => builtin3.createInflateRaw)();
    createGzip = /* @__PURE__ */ (() => builtin3.createGzip)();
    createGunzip = /* @__PURE__ */ (() => builtin3.createGunzip)();
    createUnzip = /* @__PURE__ */ (() => builtin3.createUnzip)();
    createBrotliCompress = /* @__PURE__ */ (() => builtin3.createBrotliCompress)();
    createBrotliDecompress = /* @__PURE__ */ (() => builtin3.createBrotliDecompress)();
    constants = /* @__PURE__ */ (() => builtin3.constants)();
    codes = /* @__PURE__ */ (() => builtin3.codes)();
  }
});

// node_modules/ipaddr.js/lib/ipaddr.js
var require_ipaddr = __commonJS({
  "node_modules/ipaddr.js/lib/ipaddr.js"(exports, module) {
    (function(root) {
      "use strict";
      const ipv4Part = "(0?\\d+|0x[a-f0-9]+)";
      const ipv4Regexes = {
        fourOctet: new RegExp(`^${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}$`, "i"),
        threeOctet: new RegExp(`^${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}$`, "i"),
        twoOctet: new RegExp(`^${ipv4Part}\\.${ipv4Part}$`, "i"),
        longValue: new RegExp(`^${ipv4Part}$`, "i")
      };
      const octalRegex = new RegExp(`^0[0-7]+$`, "i");
      const hexRegex = new RegExp(`^0x[a-f0-9]+$`, "i");
      const zoneIndex = "%[0-9a-z]{1,}";
      const ipv6Part = "(?:[0-9a-f]+::?)+";
      const ipv6Regexes = {
        zoneIndex: new RegExp(zoneIndex, "i"),
        "native": new RegExp(`^(::)?(${ipv6Part})?([0-9a-f]+)?(::)?(${zoneIndex})?$`, "i"),
        deprecatedTransitional: new RegExp(`^(?:::)(${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}(${zoneIndex})?)$`, "i"),
        transitional: new RegExp(`^((?:${ipv6Part})|(?:::)(?:${ipv6Part})?)${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}\\.${ipv4Part}(${zoneIndex})?$`, "i")
      };
      function expandIPv6(string3, parts) {
        if (string3.indexOf("::") !== string3.lastIndexOf("::")) {
          return null;
        }
        let colonCount = 0;
        let lastColon = -1;
        let zoneId = (string3.match(ipv6Regexes.zoneIndex) || [])[0];
        let replacement, replacementCount;
        if (zoneId) {
          zoneId = zoneId.substring(1);
          string3 = string3.replace(/%.+$/, "");
        }
        while ((lastColon = string3.indexOf(":", lastColon + 1)) >= 0) {
          colonCount++;
        }
        if (string3.substr(0, 2) === "::") {
          colonCount--;
        }
        if (string3.substr(-2, 2) === "::") {
          colonCount--;
        }
        if (colonCount >= parts) {
          return null;
        }
        replacementCount = parts - colonCount;
        replacement = ":";
        while (replacementCount--) {
          replacement += "0:";
        }
        string3 = string3.replace("::", replacement);
        if (string3[0] === ":") {
          string3 = string3.slice(1);
        }
        if (string3[string3.length - 1] === ":") {
          string3 = string3.slice(0, -1);
        }
        parts = (function() {
          const ref = string3.split(":");
          const results = [];
          for (let i = 0; i < ref.length; i++) {
            results.push(ref[i].length > 4 ? NaN : parseInt(ref[i], 16));
          }
          return results;
        })();
        return {
          parts,
          zoneId
        };
      }
      function matchCIDR(first, second, partSize, cidrBits) {
        if (first.length !== second.length) {
          throw new Error("ipaddr: cannot match CIDR for objects with different lengths");
        }
        let part = 0;
        let shift;
        while (cidrBits > 0) {
          shift = partSize - cidrBits;
          if (shift < 0) {
            shift = 0;
          }
          if (first[part] >> shift !== second[part] >> shift) {
            return false;
          }
          cidrBits -= partSize;
          part += 1;
        }
        return true;
      }
      function parseIntAuto(string3) {
        if (hexRegex.test(string3)) {
          return parseInt(string3, 16);
        }
        if (string3[0] === "0" && !isNaN(parseInt(string3[1], 10))) {
          if (octalRegex.test(string3)) {
            return parseInt(string3, 8);
          }
          throw new Error(`ipaddr: cannot parse ${string3} as octal`);
        }
        return parseInt(string3, 10);
      }
      function padPart(part, length) {
        while (part.length < length) {
          part = `0${part}`;
        }
        return part;
      }
      const ipaddr2 = {};
      ipaddr2.IPv4 = (function() {
        function IPv4(octets) {
          if (octets.length !== 4) {
            throw new Error("ipaddr: ipv4 octet count should be 4");
          }
          let i, octet;
          for (i = 0; i < octets.length; i++) {
            octet = octets[i];
            if (!(0 <= octet && octet <= 255)) {
              throw new Error("ipaddr: ipv4 octet should fit in 8 bits");
            }
          }
          this.octets = octets;
        }
        IPv4.prototype.SpecialRanges = {
          unspecified: [[new IPv4([0, 0, 0, 0]), 8]],
          broadcast: [[new IPv4([255, 255, 255, 255]), 32]],
          // RFC3171
          multicast: [[new IPv4([224, 0, 0, 0]), 4]],
          // RFC3927
          linkLocal: [[new IPv4([169, 254, 0, 0]), 16]],
          // RFC5735
          loopback: [[new IPv4([127, 0, 0, 0]), 8]],
          // RFC6598
          carrierGradeNat: [[new IPv4([100, 64, 0, 0]), 10]],
          // RFC1918
          "private": [
            [new IPv4([10, 0, 0, 0]), 8],
            [new IPv4([172, 16, 0, 0]), 12],
            [new IPv4([192, 168, 0, 0]), 16]
          ],
          // Reserved and testing-only ranges; RFCs 5735, 5737, 2544, 1700
          reserved: [
            [new IPv4([192, 0, 0, 0]), 24],
            [new IPv4([192, 0, 2, 0]), 24],
            [new IPv4([192, 88, 99, 0]), 24],
            [new IPv4([198, 18, 0, 0]), 15],
            [new IPv4([198, 51, 100, 0]), 24],
            [new IPv4([203, 0, 113, 0]), 24],
            [new IPv4([240, 0, 0, 0]), 4]
          ],
          // RFC7534, RFC7535
          as112: [
            [new IPv4([192, 175, 48, 0]), 24],
            [new IPv4([192, 31, 196, 0]), 24]
          ],
          // RFC7450
          amt: [
            [new IPv4([192, 52, 193, 0]), 24]
          ]
        };
        IPv4.prototype.kind = function() {
          return "ipv4";
        };
        IPv4.prototype.match = function(other, cidrRange) {
          let ref;
          if (cidrRange === void 0) {
            ref = other;
            other = ref[0];
            cidrRange = ref[1];
          }
          if (other.kind() !== "ipv4") {
            throw new Error("ipaddr: cannot match ipv4 address with non-ipv4 one");
          }
          return matchCIDR(this.octets, other.octets, 8, cidrRange);
        };
        IPv4.prototype.prefixLengthFromSubnetMask = function() {
          let cidr = 0;
          let stop = false;
          const zerotable = {
            0: 8,
            128: 7,
            192: 6,
            224: 5,
            240: 4,
            248: 3,
            252: 2,
            254: 1,
            255: 0
          };
          let i, octet, zeros;
          for (i = 3; i >= 0; i -= 1) {
            octet = this.octets[i];
            if (octet in zerotable) {
              zeros = zerotable[octet];
              if (stop && zeros !== 0) {
                return null;
              }
              if (zeros !== 8) {
                stop = true;
              }
              cidr += zeros;
            } else {
              return null;
            }
          }
          return 32 - cidr;
        };
        IPv4.prototype.range = function() {
          return ipaddr2.subnetMatch(this, this.SpecialRanges);
        };
        IPv4.prototype.toByteArray = function() {
          return this.octets.slice(0);
        };
        IPv4.prototype.toIPv4MappedAddress = function() {
          return ipaddr2.IPv6.parse(`::ffff:${this.toString()}`);
        };
        IPv4.prototype.toNormalizedString = function() {
          return this.toString();
        };
        IPv4.prototype.toString = function() {
          return this.octets.join(".");
        };
        return IPv4;
      })();
      ipaddr2.IPv4.broadcastAddressFromCIDR = function(string3) {
        try {
          const cidr = this.parseCIDR(string3);
          const ipInterfaceOctets = cidr[0].toByteArray();
          const subnetMaskOctets = this.subnetMaskFromPrefixLength(cidr[1]).toByteArray();
          const octets = [];
          let i = 0;
          while (i < 4) {
            octets.push(parseInt(ipInterfaceOctets[i], 10) | parseInt(subnetMaskOctets[i], 10) ^ 255);
            i++;
          }
          return new this(octets);
        } catch (e) {
          throw new Error("ipaddr: the address does not have IPv4 CIDR format", { cause: e });
        }
      };
      ipaddr2.IPv4.isIPv4 = function(string3) {
        return this.parser(string3) !== null;
      };
      ipaddr2.IPv4.isValid = function(string3) {
        try {
          new this(this.parser(string3));
          return true;
        } catch {
          return false;
        }
      };
      ipaddr2.IPv4.isValidCIDR = function(string3) {
        try {
          this.parseCIDR(string3);
          return true;
        } catch {
          return false;
        }
      };
      ipaddr2.IPv4.isValidFourPartDecimal = function(string3) {
        if (ipaddr2.IPv4.isValid(string3) && string3.match(/^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/)) {
          return true;
        } else {
          return false;
        }
      };
      ipaddr2.IPv4.isValidCIDRFourPartDecimal = function(string3) {
        const match = string3.match(/^(.+)\/(\d+)$/);
        if (!ipaddr2.IPv4.isValidCIDR(string3) || !match) {
          return false;
        }
        return ipaddr2.IPv4.isValidFourPartDecimal(match[1]);
      };
      ipaddr2.IPv4.networkAddressFromCIDR = function(string3) {
        let cidr, i, ipInterfaceOctets, octets, subnetMaskOctets;
        try {
          cidr = this.parseCIDR(string3);
          ipInterfaceOctets = cidr[0].toByteArray();
          subnetMaskOctets = this.subnetMaskFromPrefixLength(cidr[1]).toByteArray();
          octets = [];
          i = 0;
          while (i < 4) {
            octets.push(parseInt(ipInterfaceOctets[i], 10) & parseInt(subnetMaskOctets[i], 10));
            i++;
          }
          return new this(octets);
        } catch (e) {
          throw new Error("ipaddr: the address does not have IPv4 CIDR format", { cause: e });
        }
      };
      ipaddr2.IPv4.parse = function(string3) {
        const parts = this.parser(string3);
        if (parts === null) {
          throw new Error("ipaddr: string is not formatted like an IPv4 Address");
        }
        return new this(parts);
      };
      ipaddr2.IPv4.parseCIDR = function(string3) {
        let match;
        if (match = string3.match(/^(.+)\/(\d+)$/)) {
          const maskLength = parseInt(match[2]);
          if (maskLength >= 0 && maskLength <= 32) {
            const parsed = [this.parse(match[1]), maskLength];
            Object.defineProperty(parsed, "toString", {
              value: function() {
                return this.join("/");
              }
            });
            return parsed;
          }
        }
        throw new Error("ipaddr: string is not formatted like an IPv4 CIDR range");
      };
      ipaddr2.IPv4.parser = function(string3) {
        let match, part, value;
        if (match = string3.match(ipv4Regexes.fourOctet)) {
          return (function() {
            const ref = match.slice(1, 6);
            const results = [];
            for (let i = 0; i < ref.length; i++) {
              part = ref[i];
              results.push(parseIntAuto(part));
            }
            return results;
          })();
        } else if (match = string3.match(ipv4Regexes.longValue)) {
          value = parseIntAuto(match[1]);
          if (value > 4294967295 || value < 0) {
            throw new Error("ipaddr: address outside defined range");
          }
          return (function() {
            const results = [];
            let shift;
            for (shift = 0; shift <= 24; shift += 8) {
              results.push(value >> shift & 255);
            }
            return results;
          })().reverse();
        } else if (match = string3.match(ipv4Regexes.twoOctet)) {
          return (function() {
            const ref = match.slice(1, 4);
            const results = [];
            value = parseIntAuto(ref[1]);
            if (value > 16777215 || value < 0) {
              throw new Error("ipaddr: address outside defined range");
            }
            results.push(parseIntAuto(ref[0]));
            results.push(value >> 16 & 255);
            results.push(value >> 8 & 255);
            results.push(value & 255);
            return results;
          })();
        } else if (match = string3.match(ipv4Regexes.threeOctet)) {
          return (function() {
            const ref = match.slice(1, 5);
            const results = [];
            value = parseIntAuto(ref[2]);
            if (value > 65535 || value < 0) {
              throw new Error("ipaddr: address outside defined range");
            }
            results.push(parseIntAuto(ref[0]));
            results.push(parseIntAuto(ref[1]));
            results.push(value >> 8 & 255);
            results.push(value & 255);
            return results;
          })();
        } else {
          return null;
        }
      };
      ipaddr2.IPv4.subnetMaskFromPrefixLength = function(prefix) {
        prefix = parseInt(prefix);
        if (Number.isNaN(prefix) || prefix < 0 || prefix > 32) {
          throw new Error("ipaddr: invalid IPv4 prefix length");
        }
        const octets = [0, 0, 0, 0];
        let j = 0;
        const filledOctetCount = Math.floor(prefix / 8);
        while (j < filledOctetCount) {
          octets[j] = 255;
          j++;
        }
        if (filledOctetCount < 4) {
          octets[filledOctetCount] = Math.pow(2, prefix % 8) - 1 << 8 - prefix % 8;
        }
        return new this(octets);
      };
      ipaddr2.IPv6 = (function() {
        function IPv6(parts, zoneId) {
          let i, part;
          if (parts.length === 16) {
            this.parts = [];
            for (i = 0; i <= 14; i += 2) {
              this.parts.push(parts[i] << 8 | parts[i + 1]);
            }
          } else if (parts.length === 8) {
            this.parts = parts;
          } else {
            throw new Error("ipaddr: ipv6 part count should be 8 or 16");
          }
          for (i = 0; i < this.parts.length; i++) {
            part = this.parts[i];
            if (!(0 <= part && part <= 65535)) {
              throw new Error("ipaddr: ipv6 part should fit in 16 bits");
            }
          }
          if (zoneId) {
            this.zoneId = zoneId;
          }
        }
        IPv6.prototype.SpecialRanges = {
          // RFC4291, here and after
          unspecified: [new IPv6([0, 0, 0, 0, 0, 0, 0, 0]), 128],
          linkLocal: [new IPv6([65152, 0, 0, 0, 0, 0, 0, 0]), 10],
          multicast: [new IPv6([65280, 0, 0, 0, 0, 0, 0, 0]), 8],
          loopback: [new IPv6([0, 0, 0, 0, 0, 0, 0, 1]), 128],
          uniqueLocal: [new IPv6([64512, 0, 0, 0, 0, 0, 0, 0]), 7],
          ipv4Mapped: [new IPv6([0, 0, 0, 0, 0, 65535, 0, 0]), 96],
          // RFC3879
          deprecatedSiteLocal: [new IPv6([65216, 0, 0, 0, 0, 0, 0, 0]), 10],
          // RFC6666
          discard: [new IPv6([256, 0, 0, 0, 0, 0, 0, 0]), 64],
          // RFC6145
          rfc6145: [new IPv6([0, 0, 0, 0, 65535, 0, 0, 0]), 96],
          rfc6052: [
            // RFC6052
            [new IPv6([100, 65435, 0, 0, 0, 0, 0, 0]), 96],
            // RFC8215
            [new IPv6([100, 65435, 1, 0, 0, 0, 0, 0]), 48]
          ],
          // RFC3056
          "6to4": [new IPv6([8194, 0, 0, 0, 0, 0, 0, 0]), 16],
          // RFC6052, RFC6146
          teredo: [new IPv6([8193, 0, 0, 0, 0, 0, 0, 0]), 32],
          // RFC5180
          benchmarking: [new IPv6([8193, 2, 0, 0, 0, 0, 0, 0]), 48],
          // RFC7450
          amt: [new IPv6([8193, 3, 0, 0, 0, 0, 0, 0]), 32],
          as112v6: [
            // RFC7535
            [new IPv6([8193, 4, 274, 0, 0, 0, 0, 0]), 48],
            // RFC7534
            [new IPv6([9760, 79, 32768, 0, 0, 0, 0, 0]), 48]
          ],
          // RFC4843
          deprecatedOrchid: [new IPv6([8193, 16, 0, 0, 0, 0, 0, 0]), 28],
          // RFC7343
          orchid2: [new IPv6([8193, 32, 0, 0, 0, 0, 0, 0]), 28],
          // RFC9374
          droneRemoteIdProtocolEntityTags: [new IPv6([8193, 48, 0, 0, 0, 0, 0, 0]), 28],
          // RFC9602
          segmentRouting: [new IPv6([24320, 0, 0, 0, 0, 0, 0, 0]), 16],
          reserved: [
            // RFC3849
            [new IPv6([8193, 0, 0, 0, 0, 0, 0, 0]), 23],
            // RFC2928
            [new IPv6([8193, 3512, 0, 0, 0, 0, 0, 0]), 32],
            // RFC9637
            [new IPv6([16383, 0, 0, 0, 0, 0, 0, 0]), 20]
          ]
        };
        IPv6.prototype.isIPv4MappedAddress = function() {
          return this.range() === "ipv4Mapped";
        };
        IPv6.prototype.kind = function() {
          return "ipv6";
        };
        IPv6.prototype.match = function(other, cidrRange) {
          let ref;
          if (cidrRange === void 0) {
            ref = other;
            other = ref[0];
            cidrRange = ref[1];
          }
          if (other.kind() !== "ipv6") {
            throw new Error("ipaddr: cannot match ipv6 address with non-ipv6 one");
          }
          return matchCIDR(this.parts, other.parts, 16, cidrRange);
        };
        IPv6.prototype.prefixLengthFromSubnetMask = function() {
          let cidr = 0;
          let stop = false;
          const zerotable = {
            0: 16,
            32768: 15,
            49152: 14,
            57344: 13,
            61440: 12,
            63488: 11,
            64512: 10,
            65024: 9,
            65280: 8,
            65408: 7,
            65472: 6,
            65504: 5,
            65520: 4,
            65528: 3,
            65532: 2,
            65534: 1,
            65535: 0
          };
          let part, zeros;
          for (let i = 7; i >= 0; i -= 1) {
            part = this.parts[i];
            if (part in zerotable) {
              zeros = zerotable[part];
              if (stop && zeros !== 0) {
                return null;
              }
              if (zeros !== 16) {
                stop = true;
              }
              cidr += zeros;
            } else {
              return null;
            }
          }
          return 128 - cidr;
        };
        IPv6.prototype.range = function() {
          return ipaddr2.subnetMatch(this, this.SpecialRanges);
        };
        IPv6.prototype.toByteArray = function() {
          let part;
          const bytes = [];
          const ref = this.parts;
          for (let i = 0; i < ref.length; i++) {
            part = ref[i];
            bytes.push(part >> 8);
            bytes.push(part & 255);
          }
          return bytes;
        };
        IPv6.prototype.toFixedLengthString = function() {
          const addr = (function() {
            const results = [];
            for (let i = 0; i < this.parts.length; i++) {
              results.push(padPart(this.parts[i].toString(16), 4));
            }
            return results;
          }).call(this).join(":");
          let suffix = "";
          if (this.zoneId) {
            suffix = `%${this.zoneId}`;
          }
          return addr + suffix;
        };
        IPv6.prototype.toIPv4Address = function() {
          if (!this.isIPv4MappedAddress()) {
            throw new Error("ipaddr: trying to convert a generic ipv6 address to ipv4");
          }
          const ref = this.parts.slice(-2);
          const high = ref[0];
          const low = ref[1];
          return new ipaddr2.IPv4([high >> 8, high & 255, low >> 8, low & 255]);
        };
        IPv6.prototype.toNormalizedString = function() {
          const addr = (function() {
            const results = [];
            for (let i = 0; i < this.parts.length; i++) {
              results.push(this.parts[i].toString(16));
            }
            return results;
          }).call(this).join(":");
          let suffix = "";
          if (this.zoneId) {
            suffix = `%${this.zoneId}`;
          }
          return addr + suffix;
        };
        IPv6.prototype.toRFC5952String = function() {
          const regex = /((^|:)(0(:|$)){2,})/g;
          let suffix = "";
          if (this.zoneId) {
            suffix = `%${this.zoneId}`;
          }
          const normalized = this.toNormalizedString();
          const string3 = normalized.slice(0, normalized.length - suffix.length);
          let bestMatchIndex = 0;
          let bestMatchLength = -1;
          let bestMatchGroups = -1;
          let match;
          while (match = regex.exec(string3)) {
            const groups = (match[0].match(/0/g) || []).length;
            if (groups > bestMatchGroups) {
              bestMatchGroups = groups;
              bestMatchIndex = match.index;
              bestMatchLength = match[0].length;
            }
          }
          if (bestMatchLength < 0) {
            return string3 + suffix;
          }
          return `${string3.substring(0, bestMatchIndex)}::${string3.substring(bestMatchIndex + bestMatchLength)}${suffix}`;
        };
        IPv6.prototype.toString = function() {
          return this.toRFC5952String();
        };
        return IPv6;
      })();
      ipaddr2.IPv6.broadcastAddressFromCIDR = function(string3) {
        try {
          const cidr = this.parseCIDR(string3);
          const ipInterfaceOctets = cidr[0].toByteArray();
          const subnetMaskOctets = this.subnetMaskFromPrefixLength(cidr[1]).toByteArray();
          const octets = [];
          let i = 0;
          while (i < 16) {
            octets.push(parseInt(ipInterfaceOctets[i], 10) | parseInt(subnetMaskOctets[i], 10) ^ 255);
            i++;
          }
          return new this(octets);
        } catch (e) {
          throw new Error("ipaddr: the address does not have IPv6 CIDR format", { cause: e });
        }
      };
      ipaddr2.IPv6.isIPv6 = function(string3) {
        return this.parser(string3) !== null;
      };
      ipaddr2.IPv6.isValid = function(string3) {
        if (typeof string3 === "string" && string3.indexOf(":") === -1) {
          return false;
        }
        try {
          const addr = this.parser(string3);
          new this(addr.parts, addr.zoneId);
          return true;
        } catch {
          return false;
        }
      };
      ipaddr2.IPv6.isValidCIDR = function(string3) {
        if (typeof string3 === "string" && string3.indexOf(":") === -1) {
          return false;
        }
        try {
          this.parseCIDR(string3);
          return true;
        } catch {
          return false;
        }
      };
      ipaddr2.IPv6.networkAddressFromCIDR = function(string3) {
        let cidr, i, ipInterfaceOctets, octets, subnetMaskOctets;
        try {
          cidr = this.parseCIDR(string3);
          ipInterfaceOctets = cidr[0].toByteArray();
          subnetMaskOctets = this.subnetMaskFromPrefixLength(cidr[1]).toByteArray();
          octets = [];
          i = 0;
          while (i < 16) {
            octets.push(parseInt(ipInterfaceOctets[i], 10) & parseInt(subnetMaskOctets[i], 10));
            i++;
          }
          return new this(octets);
        } catch (e) {
          throw new Error("ipaddr: the address does not have IPv6 CIDR format", { cause: e });
        }
      };
      ipaddr2.IPv6.parse = function(string3) {
        const addr = this.parser(string3);
        if (addr === null) {
          throw new Error("ipaddr: string is not formatted like an IPv6 Address");
        }
        return new this(addr.parts, addr.zoneId);
      };
      ipaddr2.IPv6.parseCIDR = function(string3) {
        let maskLength, match, parsed;
        if (match = string3.match(/^(.+)\/(\d+)$/)) {
          maskLength = parseInt(match[2]);
          if (maskLength >= 0 && maskLength <= 128) {
            parsed = [this.parse(match[1]), maskLength];
            Object.defineProperty(parsed, "toString", {
              value: function() {
                return this.join("/");
              }
            });
            return parsed;
          }
        }
        throw new Error("ipaddr: string is not formatted like an IPv6 CIDR range");
      };
      ipaddr2.IPv6.parser = function(string3) {
        let addr, i, match, octet, octets, zoneId;
        if (match = string3.match(ipv6Regexes.deprecatedTransitional)) {
          return this.parser(`::ffff:${match[1]}`);
        }
        if (ipv6Regexes.native.test(string3)) {
          return expandIPv6(string3, 8);
        }
        if (match = string3.match(ipv6Regexes.transitional)) {
          zoneId = match[6] || "";
          addr = match[1];
          if (!match[1].endsWith("::")) {
            addr = addr.slice(0, -1);
          }
          addr = expandIPv6(addr + zoneId, 6);
          if (addr && addr.parts) {
            octets = [
              parseInt(match[2]),
              parseInt(match[3]),
              parseInt(match[4]),
              parseInt(match[5])
            ];
            for (i = 0; i < octets.length; i++) {
              octet = octets[i];
              if (!(0 <= octet && octet <= 255)) {
                return null;
              }
            }
            addr.parts.push(octets[0] << 8 | octets[1]);
            addr.parts.push(octets[2] << 8 | octets[3]);
            return {
              parts: addr.parts,
              zoneId: addr.zoneId
            };
          }
        }
        return null;
      };
      ipaddr2.IPv6.subnetMaskFromPrefixLength = function(prefix) {
        prefix = parseInt(prefix);
        if (Number.isNaN(prefix) || prefix < 0 || prefix > 128) {
          throw new Error("ipaddr: invalid IPv6 prefix length");
        }
        const octets = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let j = 0;
        const filledOctetCount = Math.floor(prefix / 8);
        while (j < filledOctetCount) {
          octets[j] = 255;
          j++;
        }
        if (filledOctetCount < 16) {
          octets[filledOctetCount] = Math.pow(2, prefix % 8) - 1 << 8 - prefix % 8;
        }
        return new this(octets);
      };
      ipaddr2.fromByteArray = function(bytes) {
        const length = bytes.length;
        if (length === 4) {
          return new ipaddr2.IPv4(bytes);
        } else if (length === 16) {
          return new ipaddr2.IPv6(bytes);
        } else {
          throw new Error("ipaddr: the binary input is neither an IPv6 nor IPv4 address");
        }
      };
      ipaddr2.isValid = function(string3) {
        return ipaddr2.IPv6.isValid(string3) || ipaddr2.IPv4.isValid(string3);
      };
      ipaddr2.isValidCIDR = function(string3) {
        return ipaddr2.IPv6.isValidCIDR(string3) || ipaddr2.IPv4.isValidCIDR(string3);
      };
      ipaddr2.parse = function(string3) {
        if (ipaddr2.IPv6.isValid(string3)) {
          return ipaddr2.IPv6.parse(string3);
        } else if (ipaddr2.IPv4.isValid(string3)) {
          return ipaddr2.IPv4.parse(string3);
        } else {
          throw new Error("ipaddr: the address has neither IPv6 nor IPv4 format");
        }
      };
      ipaddr2.parseCIDR = function(string3) {
        try {
          return ipaddr2.IPv6.parseCIDR(string3);
        } catch {
          try {
            return ipaddr2.IPv4.parseCIDR(string3);
          } catch (e) {
            throw new Error("ipaddr: the address has neither IPv6 nor IPv4 CIDR format", { cause: e });
          }
        }
      };
      ipaddr2.process = function(string3) {
        const addr = this.parse(string3);
        if (addr.kind() === "ipv6" && addr.isIPv4MappedAddress()) {
          return addr.toIPv4Address();
        } else {
          return addr;
        }
      };
      ipaddr2.subnetMatch = function(address, rangeList, defaultName) {
        let i, rangeName, rangeSubnets, subnet;
        if (defaultName === void 0 || defaultName === null) {
          defaultName = "unicast";
        }
        for (rangeName in rangeList) {
          if (Object.prototype.hasOwnProperty.call(rangeList, rangeName)) {
            rangeSubnets = rangeList[rangeName];
            if (rangeSubnets[0] && !(rangeSubnets[0] instanceof Array)) {
              rangeSubnets = [rangeSubnets];
            }
            for (i = 0; i < rangeSubnets.length; i++) {
              subnet = rangeSubnets[i];
              if (address.kind() === subnet[0].kind() && address.match.apply(address, subnet)) {
                return rangeName;
              }
            }
          }
        }
        return defaultName;
      };
      if (typeof module !== "undefined" && module.exports) {
        module.exports = ipaddr2;
      } else {
        root.ipaddr = ipaddr2;
      }
    })(exports);
  }
});

// builtin:node:util
var builtin = __require("node:util");
var parseArgs = /* @__PURE__ */ (() => builtin.parseArgs)();

// src/scap/damage.ts
function describeDamage(capture, damage) {
  const first = damage.regions[0];
  const regions = damage.regionCount === 1 ? "one damaged region" : `${damage.regionCount} damaged regions`;
  const where = first === void 0 ? "" : `, the first at byte ${first.offset} (${first.problem})`;
  const stopped = damage.stoppedAt === null || damage.stoppedAt === void 0 ? "" : `; no valid block followed, reading stopped at byte ${damage.stoppedAt}`;
  const text = `${capture} is damaged: ${regions}, ${damage.bytesSkipped} bytes skipped${where}${stopped}; every event outside the damage was read`;
  return text.replace(/[\u0000-\u001f\u007f]/g, " ");
}

// src/scap/errors.ts
var ScapFormatError = class extends Error {
  path;
  problem;
  constructor(path, problem) {
    super(`${path}: ${problem}`);
    this.name = "ScapFormatError";
    this.path = path;
    this.problem = problem;
  }
};

// src/inventory/dns.ts
var import_dns_packet = __toESM(require_dns_packet(), 1);
var records = import_dns_packet.default;
var HEADER_SIZE = 12;
var REPORTED_ANSWER_TYPES = /* @__PURE__ */ new Set(["A", "AAAA", "CNAME"]);
function decodeRecords(decoder, bytes, offset, count) {
  const decoded = [];
  let position = offset;
  for (let index = 0; index < count; index++) {
    let record;
    try {
      record = decoder.decode(bytes, position);
    } catch {
      return { records: decoded, offset: position, complete: false };
    }
    if (position + decoder.decode.bytes > bytes.length) return { records: decoded, offset: position, complete: false };
    decoded.push(record);
    position += decoder.decode.bytes;
  }
  return { records: decoded, offset: position, complete: true };
}
function decodeDnsMessage(payload, tcp) {
  const message = tcp ? payload.subarray(2) : payload;
  if (message.length < HEADER_SIZE) return void 0;
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.length);
  const isQuery = (bytes[2] & 128) === 0;
  const questionCount = bytes.readUInt16BE(4);
  const answerCount = bytes.readUInt16BE(6);
  const questions = decodeRecords(records.question, bytes, HEADER_SIZE, questionCount);
  if (questions.records.length === 0 && questionCount > 0) return void 0;
  const answers = questions.complete ? decodeRecords(records.answer, bytes, questions.offset, answerCount) : { records: [], complete: answerCount === 0 };
  return {
    isQuery,
    questions: questions.records.map((question) => ({ name: question.name, type: String(question.type) })),
    answers: answers.records.flatMap(
      (answer) => REPORTED_ANSWER_TYPES.has(answer.type) && typeof answer.data === "string" ? [{ name: answer.name, type: answer.type, data: answer.data }] : []
    ),
    incomplete: !questions.complete || !answers.complete
  };
}

// src/scap/event-table.generated.ts
var PT = {
  NONE: 0,
  INT8: 1,
  INT16: 2,
  INT32: 3,
  INT64: 4,
  UINT8: 5,
  UINT16: 6,
  UINT32: 7,
  UINT64: 8,
  CHARBUF: 9,
  BYTEBUF: 10,
  ERRNO: 11,
  SOCKADDR: 12,
  SOCKTUPLE: 13,
  FD: 14,
  PID: 15,
  FDLIST: 16,
  FSPATH: 17,
  SYSCALLID: 18,
  SIGTYPE: 19,
  RELTIME: 20,
  ABSTIME: 21,
  PORT: 22,
  L4PROTO: 23,
  SOCKFAMILY: 24,
  BOOL: 25,
  IPV4ADDR: 26,
  DYN: 27,
  FLAGS8: 28,
  FLAGS16: 29,
  FLAGS32: 30,
  UID: 31,
  GID: 32,
  DOUBLE: 33,
  SIGSET: 34,
  CHARBUFARRAY: 35,
  CHARBUF_PAIR_ARRAY: 36,
  IPV4NET: 37,
  IPV6ADDR: 38,
  IPV6NET: 39,
  IPADDR: 40,
  IPNET: 41,
  MODE: 42,
  FSRELPATH: 43,
  ENUMFLAGS8: 44,
  ENUMFLAGS16: 45,
  ENUMFLAGS32: 46,
  FD32: 47,
  PID32: 48
};
var EF = {
  CREATES_FD: 1,
  DESTROYS_FD: 2,
  USES_FD: 4,
  READS_FROM_FD: 8,
  WRITES_TO_FD: 16,
  MODIFIES_STATE: 32,
  UNUSED: 64,
  WAITS: 128,
  SKIPPARSERESET: 256,
  OLD_VERSION: 512,
  LARGE_PAYLOAD: 2048,
  CONVERTER_MANAGED: 4096
};
var EVENT_ROWS = [
  ["GENERIC_E", "syscall", 513, 4608, "ID:SYSCALLID nativeID:UINT16"],
  ["GENERIC_X", "syscall", 513, 4096, "ID:SYSCALLID nativeID:UINT16"],
  ["SYSCALL_OPEN_E", "open", 514, 4129, "name:FSPATH flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPEN_X", "open", 514, 4129, "fd:FD name:FSPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_CLOSE_E", "close", 546, 4646, "fd:FD"],
  ["SYSCALL_CLOSE_X", "close", 546, 4134, "res:ERRNO fd:FD"],
  ["SYSCALL_READ_E", "read", 544, 4620, "fd:FD size:UINT32"],
  ["SYSCALL_READ_X", "read", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_WRITE_E", "write", 545, 4628, "fd:FD size:UINT32"],
  ["SYSCALL_WRITE_X", "write", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_BRK_1_E", "brk", 517, 4608, "size:UINT32"],
  ["SYSCALL_BRK_1_X", "brk", 517, 4608, "res:UINT64"],
  ["SYSCALL_EXECVE_8_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_8_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64"],
  ["SYSCALL_CLONE_11_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_11_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["PROCEXIT_E", "procexit", 1030, 4640, ""],
  ["PROCEXIT_X", "NA", 0, 64, ""],
  ["SOCKET_SOCKET_E", "socket", 515, 4641, "domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SOCKET_X", "socket", 515, 4129, "fd:FD domain:ENUMFLAGS32 type:UINT32 proto:UINT32 flags:FLAGS32"],
  ["SOCKET_BIND_E", "bind", 515, 4644, "fd:FD"],
  ["SOCKET_BIND_X", "bind", 515, 4132, "res:ERRNO addr:SOCKADDR fd:FD"],
  ["SOCKET_CONNECT_E", "connect", 515, 4132, "fd:FD addr:SOCKADDR"],
  ["SOCKET_CONNECT_X", "connect", 515, 4132, "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR"],
  ["SOCKET_LISTEN_E", "listen", 515, 4612, "fd:FD backlog:INT32"],
  ["SOCKET_LISTEN_X", "listen", 515, 4100, "res:ERRNO fd:FD backlog:INT32"],
  ["SOCKET_ACCEPT_E", "accept", 515, 545, ""],
  ["SOCKET_ACCEPT_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8"],
  ["SOCKET_SEND_E", "send", 545, 4628, "fd:FD size:UINT32"],
  ["SOCKET_SEND_X", "send", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDTO_E", "sendto", 545, 4660, "fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDTO_X", "sendto", 545, 4148, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_RECV_E", "recv", 544, 4620, "fd:FD size:UINT32"],
  ["SOCKET_RECV_X", "recv", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_RECVFROM_E", "recvfrom", 544, 4652, "fd:FD size:UINT32"],
  ["SOCKET_RECVFROM_X", "recvfrom", 544, 4140, "res:ERRNO data:BYTEBUF tuple:SOCKTUPLE fd:FD size:UINT32"],
  ["SOCKET_SHUTDOWN_E", "shutdown", 515, 4644, "fd:FD how:ENUMFLAGS8"],
  ["SOCKET_SHUTDOWN_X", "shutdown", 515, 4132, "res:ERRNO fd:FD how:ENUMFLAGS8"],
  ["SOCKET_GETSOCKNAME_E", "getsockname", 515, 512, ""],
  ["SOCKET_GETSOCKNAME_X", "getsockname", 515, 0, ""],
  ["SOCKET_GETPEERNAME_E", "getpeername", 515, 512, ""],
  ["SOCKET_GETPEERNAME_X", "getpeername", 515, 0, ""],
  ["SOCKET_SOCKETPAIR_E", "socketpair", 516, 4641, "domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SOCKETPAIR_X", "socketpair", 516, 4129, "res:ERRNO fd1:FD fd2:FD source:UINT64 peer:UINT64 domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SETSOCKOPT_E", "setsockopt", 515, 512, ""],
  ["SOCKET_SETSOCKOPT_X", "setsockopt", 515, 4, "res:ERRNO fd:FD level:ENUMFLAGS8 optname:ENUMFLAGS8 val:DYN optlen:UINT32"],
  ["SOCKET_GETSOCKOPT_E", "getsockopt", 515, 544, ""],
  ["SOCKET_GETSOCKOPT_X", "getsockopt", 515, 36, "res:ERRNO fd:FD level:ENUMFLAGS8 optname:ENUMFLAGS8 val:DYN optlen:UINT32"],
  ["SOCKET_SENDMSG_E", "sendmsg", 545, 4660, "fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDMSG_X", "sendmsg", 545, 4148, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDMMSG_E", "sendmmsg", 545, 512, ""],
  ["SOCKET_SENDMMSG_X", "sendmmsg", 545, 4148, "res:ERRNO fd:FD size:UINT32 data:BYTEBUF tuple:SOCKTUPLE"],
  ["SOCKET_RECVMSG_E", "recvmsg", 544, 4652, "fd:FD"],
  ["SOCKET_RECVMSG_X", "recvmsg", 544, 4140, "res:ERRNO size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF fd:FD"],
  ["SOCKET_RECVMMSG_E", "recvmmsg", 544, 512, ""],
  ["SOCKET_RECVMMSG_X", "recvmmsg", 544, 4140, "res:ERRNO fd:FD size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF"],
  ["SOCKET_ACCEPT4_E", "accept", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8"],
  ["SYSCALL_CREAT_E", "creat", 514, 4129, "name:FSPATH mode:UINT32"],
  ["SYSCALL_CREAT_X", "creat", 514, 4129, "fd:FD name:FSPATH mode:UINT32 dev:UINT32 ino:UINT64 creat_flags:FLAGS16"],
  ["SYSCALL_PIPE_E", "pipe", 516, 545, ""],
  ["SYSCALL_PIPE_X", "pipe", 516, 33, "res:ERRNO fd1:FD fd2:FD ino:UINT64"],
  ["SYSCALL_EVENTFD_E", "eventfd", 516, 4641, "initval:UINT64 flags:UINT32"],
  ["SYSCALL_EVENTFD_X", "eventfd", 516, 4129, "res:FD initval:UINT64 flags:UINT32"],
  ["SYSCALL_FUTEX_E", "futex", 516, 4608, "addr:UINT64 op:FLAGS16 val:UINT64"],
  ["SYSCALL_FUTEX_X", "futex", 516, 4096, "res:ERRNO addr:UINT64 op:FLAGS16 val:UINT64"],
  ["SYSCALL_STAT_E", "stat", 514, 512, ""],
  ["SYSCALL_STAT_X", "stat", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_LSTAT_E", "lstat", 514, 512, ""],
  ["SYSCALL_LSTAT_X", "lstat", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_FSTAT_E", "fstat", 514, 4612, "fd:FD"],
  ["SYSCALL_FSTAT_X", "fstat", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_STAT64_E", "stat64", 514, 512, ""],
  ["SYSCALL_STAT64_X", "stat64", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_LSTAT64_E", "lstat64", 514, 512, ""],
  ["SYSCALL_LSTAT64_X", "lstat64", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_FSTAT64_E", "fstat64", 514, 516, "fd:FD"],
  ["SYSCALL_FSTAT64_X", "fstat64", 514, 0, "res:ERRNO"],
  ["SYSCALL_EPOLLWAIT_E", "epoll_wait", 576, 4736, "maxevents:ERRNO"],
  ["SYSCALL_EPOLLWAIT_X", "epoll_wait", 576, 4224, "res:ERRNO maxevents:ERRNO"],
  ["SYSCALL_POLL_E", "poll", 576, 4736, "fds:FDLIST timeout:INT64"],
  ["SYSCALL_POLL_X", "poll", 576, 4224, "res:ERRNO fds:FDLIST timeout:INT64"],
  ["SYSCALL_SELECT_E", "select", 576, 640, ""],
  ["SYSCALL_SELECT_X", "select", 576, 128, "res:ERRNO"],
  ["SYSCALL_NEWSELECT_E", "select", 576, 640, ""],
  ["SYSCALL_NEWSELECT_X", "select", 576, 4736, "res:ERRNO"],
  ["SYSCALL_LSEEK_E", "lseek", 514, 4612, "fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LSEEK_X", "lseek", 514, 4100, "res:ERRNO fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LLSEEK_E", "llseek", 514, 4612, "fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LLSEEK_X", "llseek", 514, 4100, "res:ERRNO fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_IOCTL_2_E", "ioctl", 546, 4612, "fd:FD request:UINT64"],
  ["SYSCALL_IOCTL_2_X", "ioctl", 546, 4612, "res:ERRNO"],
  ["SYSCALL_GETCWD_E", "getcwd", 514, 512, ""],
  ["SYSCALL_GETCWD_X", "getcwd", 514, 0, "res:ERRNO path:CHARBUF"],
  ["SYSCALL_CHDIR_E", "chdir", 514, 544, ""],
  ["SYSCALL_CHDIR_X", "chdir", 514, 32, "res:ERRNO path:CHARBUF"],
  ["SYSCALL_FCHDIR_E", "fchdir", 514, 4644, "fd:FD"],
  ["SYSCALL_FCHDIR_X", "fchdir", 514, 4132, "res:ERRNO fd:FD"],
  ["SYSCALL_MKDIR_E", "mkdir", 514, 4608, "path:FSPATH mode:UINT32"],
  ["SYSCALL_MKDIR_X", "mkdir", 514, 4608, "res:ERRNO"],
  ["SYSCALL_RMDIR_E", "rmdir", 514, 4608, "path:FSPATH"],
  ["SYSCALL_RMDIR_X", "rmdir", 514, 4608, "res:ERRNO"],
  ["SYSCALL_OPENAT_E", "openat", 514, 4641, "dirfd:FD name:CHARBUF flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPENAT_X", "openat", 514, 4641, "fd:FD"],
  ["SYSCALL_LINK_E", "link", 514, 4608, "oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_LINK_X", "link", 514, 4608, "res:ERRNO"],
  ["SYSCALL_LINKAT_E", "linkat", 514, 4608, "olddir:FD oldpath:CHARBUF newdir:FD newpath:CHARBUF"],
  ["SYSCALL_LINKAT_X", "linkat", 514, 4608, "res:ERRNO"],
  ["SYSCALL_UNLINK_E", "unlink", 514, 4608, "path:FSPATH"],
  ["SYSCALL_UNLINK_X", "unlink", 514, 4608, "res:ERRNO"],
  ["SYSCALL_UNLINKAT_E", "unlinkat", 514, 4608, "dirfd:FD name:CHARBUF"],
  ["SYSCALL_UNLINKAT_X", "unlinkat", 514, 4608, "res:ERRNO"],
  ["SYSCALL_PREAD_E", "pread", 544, 4620, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PREAD_X", "pread", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITE_E", "pwrite", 545, 4628, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITE_X", "pwrite", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_READV_E", "readv", 544, 4620, "fd:FD"],
  ["SYSCALL_READV_X", "readv", 544, 4108, "res:ERRNO size:UINT32 data:BYTEBUF fd:FD"],
  ["SYSCALL_WRITEV_E", "writev", 545, 4628, "fd:FD size:UINT32"],
  ["SYSCALL_WRITEV_X", "writev", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_PREADV_E", "preadv", 544, 4620, "fd:FD pos:UINT64"],
  ["SYSCALL_PREADV_X", "preadv", 544, 4108, "res:ERRNO size:UINT32 data:BYTEBUF fd:FD pos:UINT64"],
  ["SYSCALL_PWRITEV_E", "pwritev", 545, 4628, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITEV_X", "pwritev", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_DUP_E", "dup", 546, 4645, "fd:FD"],
  ["SYSCALL_DUP_X", "dup", 546, 4645, "res:FD"],
  ["SYSCALL_SIGNALFD_E", "signalfd", 521, 4641, "fd:FD mask:UINT32 flags:UINT8"],
  ["SYSCALL_SIGNALFD_X", "signalfd", 521, 4129, "res:FD fd:FD mask:UINT32 flags:UINT8"],
  ["SYSCALL_KILL_E", "kill", 521, 4608, "pid:PID sig:SIGTYPE"],
  ["SYSCALL_KILL_X", "kill", 521, 4096, "res:ERRNO pid:PID sig:SIGTYPE"],
  ["SYSCALL_TKILL_E", "tkill", 521, 4608, "tid:PID sig:SIGTYPE"],
  ["SYSCALL_TKILL_X", "tkill", 521, 4096, "res:ERRNO tid:PID sig:SIGTYPE"],
  ["SYSCALL_TGKILL_E", "tgkill", 521, 4608, "pid:PID tid:PID sig:SIGTYPE"],
  ["SYSCALL_TGKILL_X", "tgkill", 521, 4096, "res:ERRNO pid:PID tid:PID sig:SIGTYPE"],
  ["SYSCALL_NANOSLEEP_E", "nanosleep", 519, 4736, "interval:RELTIME"],
  ["SYSCALL_NANOSLEEP_X", "nanosleep", 519, 4224, "res:ERRNO interval:RELTIME"],
  ["SYSCALL_TIMERFD_CREATE_E", "timerfd_create", 523, 4641, "clockid:UINT8 flags:UINT8"],
  ["SYSCALL_TIMERFD_CREATE_X", "timerfd_create", 523, 4129, "res:FD clockid:UINT8 flags:UINT8"],
  ["SYSCALL_INOTIFY_INIT_E", "inotify_init", 516, 4641, "flags:UINT8"],
  ["SYSCALL_INOTIFY_INIT_X", "inotify_init", 516, 4129, "res:FD flags:UINT8"],
  ["SYSCALL_GETRLIMIT_E", "getrlimit", 518, 4608, "resource:ENUMFLAGS8"],
  ["SYSCALL_GETRLIMIT_X", "getrlimit", 518, 4096, "res:ERRNO cur:INT64 max:INT64 resource:ENUMFLAGS8"],
  ["SYSCALL_SETRLIMIT_E", "setrlimit", 518, 4608, "resource:ENUMFLAGS8"],
  ["SYSCALL_SETRLIMIT_X", "setrlimit", 518, 4096, "res:ERRNO cur:INT64 max:INT64 resource:ENUMFLAGS8"],
  ["SYSCALL_PRLIMIT_E", "prlimit", 518, 4608, "pid:PID resource:ENUMFLAGS8"],
  ["SYSCALL_PRLIMIT_X", "prlimit", 518, 4096, "res:ERRNO newcur:INT64 newmax:INT64 oldcur:INT64 oldmax:INT64 pid:INT64 resource:ENUMFLAGS8"],
  ["SCHEDSWITCH_1_E", "switch", 1152, 4864, "next:PID"],
  ["SCHEDSWITCH_1_X", "NA", 0, 64, ""],
  ["DROP_E", "drop", 4352, 256, "ratio:UINT32"],
  ["DROP_X", "drop", 4352, 256, "ratio:UINT32"],
  ["SYSCALL_FCNTL_E", "fcntl", 546, 4644, "fd:FD cmd:ENUMFLAGS8"],
  ["SYSCALL_FCNTL_X", "fcntl", 546, 4132, "res:FD fd:FD cmd:ENUMFLAGS8 arg:UINT64"],
  ["SCHEDSWITCH_6_E", "switch", 1152, 0, "next:PID pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32"],
  ["SCHEDSWITCH_6_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_13_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_13_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32"],
  ["SYSCALL_CLONE_16_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_16_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_BRK_4_E", "brk", 517, 4608, "addr:UINT64"],
  ["SYSCALL_BRK_4_X", "brk", 517, 4096, "res:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64"],
  ["SYSCALL_MMAP_E", "mmap", 517, 4612, "addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD offset:UINT64"],
  ["SYSCALL_MMAP_X", "mmap", 517, 4100, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD offset:UINT64"],
  ["SYSCALL_MMAP2_E", "mmap2", 517, 4612, "addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD pgoffset:UINT64"],
  ["SYSCALL_MMAP2_X", "mmap2", 517, 4100, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD pgoffset:UINT64"],
  ["SYSCALL_MUNMAP_E", "munmap", 517, 4608, "addr:UINT64 length:UINT64"],
  ["SYSCALL_MUNMAP_X", "munmap", 517, 4096, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64"],
  ["SYSCALL_SPLICE_E", "splice", 546, 4612, "fd_in:FD fd_out:FD size:UINT64 flags:FLAGS32"],
  ["SYSCALL_SPLICE_X", "splice", 546, 4100, "res:ERRNO fd_in:FD fd_out:FD size:UINT64 flags:FLAGS32"],
  ["SYSCALL_PTRACE_E", "ptrace", 518, 4608, "request:ENUMFLAGS16 pid:PID"],
  ["SYSCALL_PTRACE_X", "ptrace", 518, 4096, "res:ERRNO addr:DYN data:DYN request:ENUMFLAGS16 pid:PID"],
  ["SYSCALL_IOCTL_3_E", "ioctl", 546, 4612, "fd:FD request:UINT64 argument:UINT64"],
  ["SYSCALL_IOCTL_3_X", "ioctl", 546, 4100, "res:ERRNO fd:FD request:UINT64 argument:UINT64"],
  ["SYSCALL_EXECVE_14_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_14_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 env:BYTEBUF"],
  ["SYSCALL_RENAME_E", "rename", 514, 512, ""],
  ["SYSCALL_RENAME_X", "rename", 514, 0, "res:ERRNO oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_RENAMEAT_E", "renameat", 514, 512, ""],
  ["SYSCALL_RENAMEAT_X", "renameat", 514, 0, "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH"],
  ["SYSCALL_SYMLINK_E", "symlink", 514, 512, ""],
  ["SYSCALL_SYMLINK_X", "symlink", 514, 0, "res:ERRNO target:CHARBUF linkpath:FSPATH"],
  ["SYSCALL_SYMLINKAT_E", "symlinkat", 514, 512, ""],
  ["SYSCALL_SYMLINKAT_X", "symlinkat", 514, 4, "res:ERRNO target:CHARBUF linkdirfd:FD linkpath:FSRELPATH"],
  ["SYSCALL_FORK_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_X", "fork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_VFORK_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_X", "vfork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["PROCEXIT_1_E", "procexit", 1030, 32, "status:ERRNO ret:ERRNO sig:SIGTYPE core:UINT8 reaper_tid:PID"],
  ["PROCEXIT_1_X", "NA", 0, 64, ""],
  ["SYSCALL_SENDFILE_E", "sendfile", 545, 4612, "out_fd:FD in_fd:FD offset:UINT64 size:UINT64"],
  ["SYSCALL_SENDFILE_X", "sendfile", 545, 4100, "res:ERRNO offset:UINT64 out_fd:FD in_fd:FD size:UINT64"],
  ["SYSCALL_QUOTACTL_E", "quotactl", 522, 4608, "cmd:FLAGS16 type:FLAGS8 id:UINT32 quota_fmt:FLAGS8"],
  ["SYSCALL_QUOTACTL_X", "quotactl", 522, 4096, "res:ERRNO special:CHARBUF quotafilepath:CHARBUF dqb_bhardlimit:UINT64 dqb_bsoftlimit:UINT64 dqb_curspace:UINT64 dqb_ihardlimit:UINT64 dqb_isoftlimit:UINT64 dqb_btime:RELTIME dqb_itime:RELTIME dqi_bgrace:RELTIME dqi_igrace:RELTIME dqi_flags:FLAGS8 quota_fmt_out:FLAGS8 cmd:FLAGS16 type:FLAGS8 id:UINT32 quota_fmt:FLAGS8"],
  ["SYSCALL_SETRESUID_E", "setresuid", 522, 4640, "ruid:UID euid:UID suid:UID"],
  ["SYSCALL_SETRESUID_X", "setresuid", 522, 4128, "res:ERRNO ruid:UID euid:UID suid:UID"],
  ["SYSCALL_SETRESGID_E", "setresgid", 522, 4640, "rgid:GID egid:GID sgid:GID"],
  ["SYSCALL_SETRESGID_X", "setresgid", 522, 4128, "res:ERRNO rgid:GID egid:GID sgid:GID"],
  ["SCAPEVENT_E", "scapevent", 4352, 256, "event_type:UINT32 event_data:UINT64"],
  ["SCAPEVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_SETUID_E", "setuid", 522, 4640, "uid:UID"],
  ["SYSCALL_SETUID_X", "setuid", 522, 4128, "res:ERRNO uid:UID"],
  ["SYSCALL_SETGID_E", "setgid", 522, 4640, "gid:GID"],
  ["SYSCALL_SETGID_X", "setgid", 522, 4128, "res:ERRNO gid:GID"],
  ["SYSCALL_GETUID_E", "getuid", 522, 512, ""],
  ["SYSCALL_GETUID_X", "getuid", 522, 0, "uid:UID"],
  ["SYSCALL_GETEUID_E", "geteuid", 522, 512, ""],
  ["SYSCALL_GETEUID_X", "geteuid", 522, 0, "euid:UID"],
  ["SYSCALL_GETGID_E", "getgid", 522, 512, ""],
  ["SYSCALL_GETGID_X", "getgid", 522, 0, "gid:GID"],
  ["SYSCALL_GETEGID_E", "getegid", 522, 512, ""],
  ["SYSCALL_GETEGID_X", "getegid", 522, 0, "egid:GID"],
  ["SYSCALL_GETRESUID_E", "getresuid", 522, 512, ""],
  ["SYSCALL_GETRESUID_X", "getresuid", 522, 0, "res:ERRNO ruid:UID euid:UID suid:UID"],
  ["SYSCALL_GETRESGID_E", "getresgid", 522, 512, ""],
  ["SYSCALL_GETRESGID_X", "getresgid", 522, 0, "res:ERRNO rgid:GID egid:GID sgid:GID"],
  ["SYSCALL_EXECVE_15_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_15_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF env:BYTEBUF"],
  ["SYSCALL_CLONE_17_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_17_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_FORK_17_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_17_X", "fork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_VFORK_17_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_17_X", "vfork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_CLONE_20_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_20_X", "clone", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_FORK_20_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_20_X", "fork", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_VFORK_20_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_20_X", "vfork", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["CONTAINER_E", "container", 4352, 4896, "id:CHARBUF type:UINT32 name:CHARBUF image:CHARBUF"],
  ["CONTAINER_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_16_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_16_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF"],
  ["SIGNALDELIVER_E", "signaldeliver", 1033, 0, "spid:PID dpid:PID sig:SIGTYPE"],
  ["SIGNALDELIVER_X", "NA", 0, 64, ""],
  ["PROCINFO_E", "procinfo", 4352, 256, "cpu_usr:UINT64 cpu_sys:UINT64"],
  ["PROCINFO_X", "NA", 0, 64, ""],
  ["SYSCALL_GETDENTS_E", "getdents", 514, 4612, "fd:FD"],
  ["SYSCALL_GETDENTS_X", "getdents", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_GETDENTS64_E", "getdents64", 514, 4612, "fd:FD"],
  ["SYSCALL_GETDENTS64_X", "getdents64", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_SETNS_E", "setns", 518, 4612, "fd:FD nstype:FLAGS32"],
  ["SYSCALL_SETNS_X", "setns", 518, 4100, "res:ERRNO fd:FD nstype:FLAGS32"],
  ["SYSCALL_FLOCK_E", "flock", 514, 4612, "fd:FD operation:FLAGS32"],
  ["SYSCALL_FLOCK_X", "flock", 514, 4100, "res:ERRNO fd:FD operation:FLAGS32"],
  ["CPU_HOTPLUG_E", "cpu_hotplug", 4104, 288, "cpu:UINT32 action:UINT32"],
  ["CPU_HOTPLUG_X", "NA", 0, 64, ""],
  ["SOCKET_ACCEPT_5_E", "accept", 515, 545, ""],
  ["SOCKET_ACCEPT_5_X", "accept", 515, 33, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32"],
  ["SOCKET_ACCEPT4_5_E", "accept", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_5_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32"],
  ["SYSCALL_SEMOP_E", "semop", 518, 4608, "semid:INT32"],
  ["SYSCALL_SEMOP_X", "semop", 518, 4096, "res:ERRNO nsops:UINT32 sem_num_0:UINT16 sem_op_0:INT16 sem_flg_0:FLAGS16 sem_num_1:UINT16 sem_op_1:INT16 sem_flg_1:FLAGS16 semid:INT32"],
  ["SYSCALL_SEMCTL_E", "semctl", 518, 4608, "semid:INT32 semnum:INT32 cmd:FLAGS16 val:INT32"],
  ["SYSCALL_SEMCTL_X", "semctl", 518, 4096, "res:ERRNO semid:INT32 semnum:INT32 cmd:FLAGS16 val:INT32"],
  ["SYSCALL_PPOLL_E", "ppoll", 576, 4736, "fds:FDLIST timeout:RELTIME sigmask:SIGSET"],
  ["SYSCALL_PPOLL_X", "ppoll", 576, 4224, "res:ERRNO fds:FDLIST timeout:RELTIME sigmask:SIGSET"],
  ["SYSCALL_MOUNT_E", "mount", 514, 4640, "flags:FLAGS32"],
  ["SYSCALL_MOUNT_X", "mount", 514, 4128, "res:ERRNO dev:CHARBUF dir:FSPATH type:CHARBUF flags:FLAGS32"],
  ["SYSCALL_UMOUNT_E", "umount", 514, 544, "flags:FLAGS32"],
  ["SYSCALL_UMOUNT_X", "umount", 514, 4640, "res:ERRNO name:FSPATH"],
  ["K8S_E", "k8s", 4352, 800, "json:CHARBUF"],
  ["K8S_X", "NA", 0, 64, ""],
  ["SYSCALL_SEMGET_E", "semget", 518, 4608, "key:INT32 nsems:INT32 semflg:FLAGS32"],
  ["SYSCALL_SEMGET_X", "semget", 518, 4096, "res:ERRNO key:INT32 nsems:INT32 semflg:FLAGS32"],
  ["SYSCALL_ACCESS_E", "access", 514, 4608, "mode:FLAGS32"],
  ["SYSCALL_ACCESS_X", "access", 514, 4096, "res:ERRNO name:FSPATH mode:FLAGS32"],
  ["SYSCALL_CHROOT_E", "chroot", 518, 544, ""],
  ["SYSCALL_CHROOT_X", "chroot", 518, 32, "res:ERRNO path:FSPATH"],
  ["TRACER_E", "tracer", 4097, 512, "id:INT64 tags:CHARBUFARRAY args:CHARBUF_PAIR_ARRAY"],
  ["TRACER_X", "NA", 0, 64, "id:INT64 tags:CHARBUFARRAY args:CHARBUF_PAIR_ARRAY"],
  ["MESOS_E", "mesos", 4352, 800, "json:CHARBUF"],
  ["MESOS_X", "NA", 0, 64, ""],
  ["CONTAINER_JSON_E", "container", 4102, 4640, "json:CHARBUF"],
  ["CONTAINER_JSON_X", "NA", 0, 64, ""],
  ["SYSCALL_SETSID_E", "setsid", 518, 544, ""],
  ["SYSCALL_SETSID_X", "setsid", 518, 32, "res:PID"],
  ["SYSCALL_MKDIR_2_E", "mkdir", 514, 4608, "mode:UINT32"],
  ["SYSCALL_MKDIR_2_X", "mkdir", 514, 4096, "res:ERRNO path:FSPATH mode:UINT32"],
  ["SYSCALL_RMDIR_2_E", "rmdir", 514, 512, ""],
  ["SYSCALL_RMDIR_2_X", "rmdir", 514, 0, "res:ERRNO path:FSPATH"],
  ["NOTIFICATION_E", "notification", 4097, 256, "id:CHARBUF desc:CHARBUF"],
  ["NOTIFICATION_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_17_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_17_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:INT32"],
  ["SYSCALL_UNSHARE_E", "unshare", 518, 4608, "flags:FLAGS32"],
  ["SYSCALL_UNSHARE_X", "unshare", 518, 4096, "res:ERRNO flags:FLAGS32"],
  ["INFRASTRUCTURE_EVENT_E", "infra", 4352, 256, "source:CHARBUF name:CHARBUF description:CHARBUF scope:CHARBUF"],
  ["INFRASTRUCTURE_EVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_18_E", "execve", 518, 4640, "filename:FSPATH"],
  ["SYSCALL_EXECVE_18_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:INT32"],
  ["PAGE_FAULT_E", "page_fault", 1025, 256, "addr:UINT64 ip:UINT64 error:FLAGS32"],
  ["PAGE_FAULT_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_19_E", "execve", 518, 4640, "filename:FSPATH"],
  ["SYSCALL_EXECVE_19_X", "execve", 518, 4128, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID filename:FSPATH"],
  ["SYSCALL_SETPGID_E", "setpgid", 518, 4608, "pid:PID pgid:PID"],
  ["SYSCALL_SETPGID_X", "setpgid", 518, 4096, "res:ERRNO pid:PID pgid:PID"],
  ["SYSCALL_BPF_E", "bpf", 513, 4609, "cmd:INT64"],
  ["SYSCALL_BPF_X", "bpf", 513, 4609, "res_or_fd:DYN"],
  ["SYSCALL_SECCOMP_E", "seccomp", 513, 4608, "op:UINT64 flags:UINT64"],
  ["SYSCALL_SECCOMP_X", "seccomp", 513, 4096, "res:ERRNO op:UINT64 flags:UINT64"],
  ["SYSCALL_UNLINK_2_E", "unlink", 514, 512, ""],
  ["SYSCALL_UNLINK_2_X", "unlink", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_UNLINKAT_2_E", "unlinkat", 514, 512, ""],
  ["SYSCALL_UNLINKAT_2_X", "unlinkat", 514, 4, "res:ERRNO dirfd:FD name:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_MKDIRAT_E", "mkdirat", 514, 512, ""],
  ["SYSCALL_MKDIRAT_X", "mkdirat", 514, 4, "res:ERRNO dirfd:FD path:FSRELPATH mode:UINT32"],
  ["SYSCALL_OPENAT_2_E", "openat", 514, 4129, "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPENAT_2_X", "openat", 514, 4129, "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_LINK_2_E", "link", 514, 512, ""],
  ["SYSCALL_LINK_2_X", "link", 514, 0, "res:ERRNO oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_LINKAT_2_E", "linkat", 514, 512, ""],
  ["SYSCALL_LINKAT_2_X", "linkat", 514, 0, "res:ERRNO olddir:FD oldpath:FSRELPATH newdir:FD newpath:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_FCHMODAT_E", "fchmodat", 514, 512, ""],
  ["SYSCALL_FCHMODAT_X", "fchmodat", 514, 4, "res:ERRNO dirfd:FD filename:FSRELPATH mode:MODE"],
  ["SYSCALL_CHMOD_E", "chmod", 514, 512, ""],
  ["SYSCALL_CHMOD_X", "chmod", 514, 0, "res:ERRNO filename:FSPATH mode:MODE"],
  ["SYSCALL_FCHMOD_E", "fchmod", 514, 512, ""],
  ["SYSCALL_FCHMOD_X", "fchmod", 514, 4, "res:ERRNO fd:FD mode:MODE"],
  ["SYSCALL_RENAMEAT2_E", "renameat2", 514, 512, ""],
  ["SYSCALL_RENAMEAT2_X", "renameat2", 514, 0, "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_USERFAULTFD_E", "userfaultfd", 514, 545, ""],
  ["SYSCALL_USERFAULTFD_X", "userfaultfd", 514, 33, "res:ERRNO flags:FLAGS32"],
  ["PLUGINEVENT_E", "pluginevent", 2049, 2048, "plugin_id:UINT32 event_data:BYTEBUF"],
  ["PLUGINEVENT_X", "NA", 0, 64, ""],
  ["CONTAINER_JSON_2_E", "container", 4102, 2080, "json:CHARBUF"],
  ["CONTAINER_JSON_2_X", "NA", 0, 64, ""],
  ["SYSCALL_OPENAT2_E", "openat2", 514, 4129, "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32"],
  ["SYSCALL_OPENAT2_X", "openat2", 514, 4129, "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_MPROTECT_E", "mprotect", 517, 4608, "addr:UINT64 length:UINT64 prot:FLAGS32"],
  ["SYSCALL_MPROTECT_X", "mprotect", 517, 4096, "res:ERRNO addr:UINT64 length:UINT64 prot:FLAGS32"],
  ["SYSCALL_EXECVEAT_E", "execveat", 518, 4640, "dirfd:FD pathname:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_EXECVEAT_X", "execveat", 518, 4128, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID"],
  ["SYSCALL_COPY_FILE_RANGE_E", "copy_file_range", 514, 4636, "fdin:FD offin:UINT64 len:UINT64"],
  ["SYSCALL_COPY_FILE_RANGE_X", "copy_file_range", 514, 4124, "res:ERRNO fdout:FD offout:UINT64 fdin:FD offin:UINT64 len:UINT64"],
  ["SYSCALL_CLONE3_E", "clone3", 518, 544, ""],
  ["SYSCALL_CLONE3_X", "clone3", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_OPEN_BY_HANDLE_AT_E", "open_by_handle_at", 514, 545, ""],
  ["SYSCALL_OPEN_BY_HANDLE_AT_X", "open_by_handle_at", 514, 33, "fd:FD mountfd:FD flags:FLAGS32 path:FSPATH dev:UINT32 ino:UINT64"],
  ["SYSCALL_IO_URING_SETUP_E", "io_uring_setup", 546, 545, ""],
  ["SYSCALL_IO_URING_SETUP_X", "io_uring_setup", 546, 33, "res:ERRNO entries:UINT32 sq_entries:UINT32 cq_entries:UINT32 flags:FLAGS32 sq_thread_cpu:UINT32 sq_thread_idle:UINT32 features:FLAGS32"],
  ["SYSCALL_IO_URING_ENTER_E", "io_uring_enter", 546, 512, ""],
  ["SYSCALL_IO_URING_ENTER_X", "io_uring_enter", 546, 4, "res:ERRNO fd:FD to_submit:UINT32 min_complete:UINT32 flags:FLAGS32 sig:SIGSET"],
  ["SYSCALL_IO_URING_REGISTER_E", "io_uring_register", 546, 512, ""],
  ["SYSCALL_IO_URING_REGISTER_X", "io_uring_register", 546, 4, "res:ERRNO fd:FD opcode:ENUMFLAGS16 arg:UINT64 nr_args:UINT32"],
  ["SYSCALL_MLOCK_E", "mlock", 517, 512, ""],
  ["SYSCALL_MLOCK_X", "mlock", 517, 0, "res:ERRNO addr:UINT64 len:UINT64"],
  ["SYSCALL_MUNLOCK_E", "munlock", 517, 512, ""],
  ["SYSCALL_MUNLOCK_X", "munlock", 517, 0, "res:ERRNO addr:UINT64 len:UINT64"],
  ["SYSCALL_MLOCKALL_E", "mlockall", 517, 512, ""],
  ["SYSCALL_MLOCKALL_X", "mlockall", 517, 0, "res:ERRNO flags:FLAGS32"],
  ["SYSCALL_MUNLOCKALL_E", "munlockall", 517, 512, ""],
  ["SYSCALL_MUNLOCKALL_X", "munlockall", 517, 0, "res:ERRNO"],
  ["SYSCALL_CAPSET_E", "capset", 518, 544, ""],
  ["SYSCALL_CAPSET_X", "capset", 518, 32, "res:ERRNO cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64"],
  ["USER_ADDED_E", "useradded", 4102, 32, "uid:UINT32 gid:UINT32 name:CHARBUF home:CHARBUF shell:CHARBUF container_id:CHARBUF"],
  ["USER_ADDED_X", "NA", 0, 64, ""],
  ["USER_DELETED_E", "userdeleted", 4102, 32, "uid:UINT32 gid:UINT32 name:CHARBUF home:CHARBUF shell:CHARBUF container_id:CHARBUF"],
  ["USER_DELETED_X", "NA", 0, 64, ""],
  ["GROUP_ADDED_E", "groupadded", 4102, 32, "gid:UINT32 name:CHARBUF container_id:CHARBUF"],
  ["GROUP_ADDED_X", "NA", 0, 64, ""],
  ["GROUP_DELETED_E", "groupdeleted", 4102, 32, "gid:UINT32 name:CHARBUF container_id:CHARBUF"],
  ["GROUP_DELETED_X", "NA", 0, 64, ""],
  ["SYSCALL_DUP2_E", "dup2", 546, 549, "fd:FD"],
  ["SYSCALL_DUP2_X", "dup2", 546, 37, "res:FD oldfd:FD newfd:FD"],
  ["SYSCALL_DUP3_E", "dup3", 546, 549, "fd:FD"],
  ["SYSCALL_DUP3_X", "dup3", 546, 37, "res:FD oldfd:FD newfd:FD flags:FLAGS32"],
  ["SYSCALL_DUP_1_E", "dup", 546, 549, "fd:FD"],
  ["SYSCALL_DUP_1_X", "dup", 546, 37, "res:FD oldfd:FD"],
  ["SYSCALL_BPF_2_E", "bpf", 513, 513, "cmd:INT64"],
  ["SYSCALL_BPF_2_X", "bpf", 513, 1, "fd:FD cmd:ENUMFLAGS32"],
  ["SYSCALL_MLOCK2_E", "mlock2", 517, 512, ""],
  ["SYSCALL_MLOCK2_X", "mlock2", 517, 0, "res:ERRNO addr:UINT64 len:UINT64 flags:FLAGS32"],
  ["SYSCALL_FSCONFIG_E", "fsconfig", 520, 512, ""],
  ["SYSCALL_FSCONFIG_X", "fsconfig", 520, 4, "res:ERRNO fd:FD cmd:ENUMFLAGS32 key:CHARBUF value_bytebuf:BYTEBUF value_charbuf:CHARBUF aux:INT32"],
  ["SYSCALL_EPOLL_CREATE_E", "epoll_create", 576, 4641, "size:INT32"],
  ["SYSCALL_EPOLL_CREATE_X", "epoll_create", 576, 4129, "res:ERRNO size:INT32"],
  ["SYSCALL_EPOLL_CREATE1_E", "epoll_create1", 576, 4641, "flags:FLAGS32"],
  ["SYSCALL_EPOLL_CREATE1_X", "epoll_create1", 576, 4129, "res:ERRNO flags:FLAGS32"],
  ["SYSCALL_CHOWN_E", "chown", 514, 512, ""],
  ["SYSCALL_CHOWN_X", "chown", 514, 0, "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32"],
  ["SYSCALL_LCHOWN_E", "lchown", 514, 512, ""],
  ["SYSCALL_LCHOWN_X", "lchown", 514, 0, "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32"],
  ["SYSCALL_FCHOWN_E", "fchown", 514, 512, ""],
  ["SYSCALL_FCHOWN_X", "fchown", 514, 4, "res:ERRNO fd:FD uid:UINT32 gid:UINT32"],
  ["SYSCALL_FCHOWNAT_E", "fchownat", 514, 512, ""],
  ["SYSCALL_FCHOWNAT_X", "fchownat", 514, 4, "res:ERRNO dirfd:FD pathname:FSRELPATH uid:UINT32 gid:UINT32 flags:FLAGS32"],
  ["SYSCALL_UMOUNT_1_E", "umount", 514, 544, ""],
  ["SYSCALL_UMOUNT_1_X", "umount", 514, 32, "res:ERRNO name:FSPATH"],
  ["SOCKET_ACCEPT4_6_E", "accept4", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_6_X", "accept4", 515, 4129, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32 flags:INT32"],
  ["SYSCALL_UMOUNT2_E", "umount2", 514, 4640, "flags:FLAGS32"],
  ["SYSCALL_UMOUNT2_X", "umount2", 514, 4128, "res:ERRNO name:FSPATH flags:FLAGS32"],
  ["SYSCALL_PIPE2_E", "pipe2", 516, 545, ""],
  ["SYSCALL_PIPE2_X", "pipe2", 516, 33, "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS32"],
  ["SYSCALL_INOTIFY_INIT1_E", "inotify_init1", 516, 545, ""],
  ["SYSCALL_INOTIFY_INIT1_X", "inotify_init1", 516, 33, "res:FD flags:FLAGS16"],
  ["SYSCALL_EVENTFD2_E", "eventfd2", 516, 4641, "initval:UINT64"],
  ["SYSCALL_EVENTFD2_X", "eventfd2", 516, 4129, "res:FD flags:FLAGS16 initval:UINT64"],
  ["SYSCALL_SIGNALFD4_E", "signalfd4", 521, 4641, "fd:FD mask:UINT32"],
  ["SYSCALL_SIGNALFD4_X", "signalfd4", 521, 4129, "res:FD flags:FLAGS16 fd:FD mask:UINT32"],
  ["SYSCALL_PRCTL_E", "prctl", 518, 544, ""],
  ["SYSCALL_PRCTL_X", "prctl", 518, 32, "res:ERRNO option:ENUMFLAGS32 arg2_str:CHARBUF arg2_int:INT64"],
  ["ASYNCEVENT_E", "asyncevent", 4097, 2048, "plugin_id:UINT32 name:CHARBUF data:BYTEBUF"],
  ["ASYNCEVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_MEMFD_CREATE_E", "memfd_create", 517, 545, ""],
  ["SYSCALL_MEMFD_CREATE_X", "memfd_create", 517, 33, "fd:FD name:CHARBUF flags:FLAGS32"],
  ["SYSCALL_PIDFD_GETFD_E", "pidfd_getfd", 518, 545, ""],
  ["SYSCALL_PIDFD_GETFD_X", "pidfd_getfd", 518, 33, "fd:FD pid_fd:FD target_fd:FD flags:UINT32"],
  ["SYSCALL_PIDFD_OPEN_E", "pidfd_open", 518, 545, ""],
  ["SYSCALL_PIDFD_OPEN_X", "pidfd_open", 518, 33, "fd:FD pid:PID flags:FLAGS32"],
  ["SYSCALL_INIT_MODULE_E", "init_module", 513, 512, ""],
  ["SYSCALL_INIT_MODULE_X", "init_module", 513, 0, "res:ERRNO img:BYTEBUF length:UINT64 uargs:CHARBUF"],
  ["SYSCALL_FINIT_MODULE_E", "finit_module", 513, 512, ""],
  ["SYSCALL_FINIT_MODULE_X", "finit_module", 513, 12, "res:ERRNO fd:FD uargs:CHARBUF flags:FLAGS32"],
  ["SYSCALL_MKNOD_E", "mknod", 513, 512, ""],
  ["SYSCALL_MKNOD_X", "mknod", 513, 0, "res:ERRNO path:FSPATH mode:MODE dev:UINT32"],
  ["SYSCALL_MKNODAT_E", "mknodat", 513, 512, ""],
  ["SYSCALL_MKNODAT_X", "mknodat", 513, 4, "res:ERRNO dirfd:FD path:FSRELPATH mode:MODE dev:UINT32"],
  ["SYSCALL_NEWFSTATAT_E", "newfstatat", 514, 512, ""],
  ["SYSCALL_NEWFSTATAT_X", "newfstatat", 514, 4, "res:ERRNO dirfd:FD path:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_PROCESS_VM_READV_E", "process_vm_readv", 516, 512, ""],
  ["SYSCALL_PROCESS_VM_READV_X", "process_vm_readv", 516, 0, "res:INT64 pid:PID data:BYTEBUF"],
  ["SYSCALL_PROCESS_VM_WRITEV_E", "process_vm_writev", 516, 512, ""],
  ["SYSCALL_PROCESS_VM_WRITEV_X", "process_vm_writev", 516, 0, "res:INT64 pid:PID data:BYTEBUF"],
  ["SYSCALL_DELETE_MODULE_E", "delete_module", 513, 512, ""],
  ["SYSCALL_DELETE_MODULE_X", "delete_module", 513, 0, "res:ERRNO name:CHARBUF flags:FLAGS32"],
  ["SYSCALL_SETREUID_E", "setreuid", 522, 544, ""],
  ["SYSCALL_SETREUID_X", "setreuid", 522, 32, "res:ERRNO ruid:UID euid:UID"],
  ["SYSCALL_SETREGID_E", "setregid", 522, 512, ""],
  ["SYSCALL_SETREGID_X", "setregid", 522, 32, "res:ERRNO rgid:UID egid:UID"],
  ["ITER_TASK_E", "task", 8198, 32, "ppid:PID32 pgid:PID32 vpgid:PID32 sid:PID32 comm:CHARBUF argv:CHARBUFARRAY exepath:FSPATH flags:FLAGS32 env:CHARBUFARRAY cwd:CHARBUF fdlimit:UINT64 euid:UID egid:GID cap_permitted:UINT64 cap_effective:UINT64 cap_inheritable:UINT64 exe_ino_num:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 pgft_maj:UINT64 pgft_min:UINT64 vtgid:PID32 vpid:PID32 pidns_init_start_ts:UINT64 cgroups:CHARBUFARRAY root:FSPATH start_time:ABSTIME tty:UINT32 loginuid:UID"],
  ["ITER_TASK_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_PIPE_E", "task_file_pipe", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_PIPE_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_MEMFD_E", "task_file_memfd", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_MEMFD_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_REGULAR_E", "task_file_regular", 8194, 32, "fd:FD32 path:FSPATH flags:FLAGS32 mnt_id:UINT32 ino_num:UINT64"],
  ["ITER_TASK_FILE_REGULAR_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_DIRECTORY_E", "task_file_directory", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_DIRECTORY_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_INET_E", "task_file_socket_inet", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 local_ip:IPV4ADDR local_port:PORT remote_ip:IPV4ADDR remote_port:PORT ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_INET_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_INET6_E", "task_file_socket_inet6", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 local_ip:IPV6ADDR local_port:PORT remote_ip:IPV6ADDR remote_port:PORT ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_INET6_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_UNIX_E", "task_file_socket_unix", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 sk_pointer:UINT64 sun_path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_UNIX_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_NETLINK_E", "task_file_socket_netlink", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_NETLINK_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_ANON_INODE_E", "task_file_anon_inode", 8194, 32, "fd:FD32 fd_type:FLAGS8 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_ANON_INODE_X", "NA", 0, 64, ""],
  ["SYSCALL_CLOSE_RANGE_E", "NA", 0, 64, ""],
  ["SYSCALL_CLOSE_RANGE_X", "close_range", 546, 32, "res:ERRNO first:UINT32 last:UINT32 flags:FLAGS32"],
  ["SYSCALL_KEYCTL_E", "NA", 0, 64, ""],
  ["SYSCALL_KEYCTL_X", "keyctl", 513, 0, "res:ERRNO operation:ENUMFLAGS32 arg2:DYN arg3:DYN arg4:DYN arg5:DYN"]
];
var SYSCALL_NAMES = [
  "unknown",
  "restart_syscall",
  "exit",
  "read",
  "write",
  "open",
  "close",
  "creat",
  "link",
  "unlink",
  "chdir",
  "time",
  "mknod",
  "chmod",
  "stat",
  "lseek",
  "getpid",
  "mount",
  "ptrace",
  "alarm",
  "fstat",
  "pause",
  "utime",
  "access",
  "sync",
  "kill",
  "rename",
  "mkdir",
  "rmdir",
  "dup",
  "pipe",
  "times",
  "brk",
  "acct",
  "ioctl",
  "fcntl",
  "setpgid",
  "umask",
  "chroot",
  "ustat",
  "dup2",
  "getppid",
  "getpgrp",
  "setsid",
  "sethostname",
  "setrlimit",
  "getrusage",
  "gettimeofday",
  "settimeofday",
  "symlink",
  "lstat",
  "readlink",
  "uselib",
  "swapon",
  "reboot",
  "mmap",
  "munmap",
  "truncate",
  "ftruncate",
  "fchmod",
  "getpriority",
  "setpriority",
  "statfs",
  "fstatfs",
  "syslog",
  "setitimer",
  "getitimer",
  "uname",
  "vhangup",
  "wait4",
  "swapoff",
  "sysinfo",
  "fsync",
  "setdomainname",
  "adjtimex",
  "mprotect",
  "init_module",
  "delete_module",
  "quotactl",
  "getpgid",
  "fchdir",
  "sysfs",
  "personality",
  "getdents",
  "select",
  "flock",
  "msync",
  "readv",
  "writev",
  "getsid",
  "fdatasync",
  "mlock",
  "munlock",
  "mlockall",
  "munlockall",
  "sched_setparam",
  "sched_getparam",
  "sched_setscheduler",
  "sched_getscheduler",
  "sched_yield",
  "sched_get_priority_max",
  "sched_get_priority_min",
  "sched_rr_get_interval",
  "nanosleep",
  "mremap",
  "poll",
  "prctl",
  "rt_sigaction",
  "rt_sigprocmask",
  "rt_sigpending",
  "rt_sigtimedwait",
  "rt_sigqueueinfo",
  "rt_sigsuspend",
  "getcwd",
  "capget",
  "capset",
  "sendfile",
  "getrlimit",
  "lchown",
  "getuid",
  "getgid",
  "geteuid",
  "getegid",
  "setreuid",
  "setregid",
  "getgroups",
  "setgroups",
  "fchown",
  "setresuid",
  "getresuid",
  "setresgid",
  "getresgid",
  "chown",
  "setuid",
  "setgid",
  "setfsuid",
  "setfsgid",
  "pivot_root",
  "mincore",
  "madvise",
  "gettid",
  "setxattr",
  "lsetxattr",
  "fsetxattr",
  "getxattr",
  "lgetxattr",
  "fgetxattr",
  "listxattr",
  "llistxattr",
  "flistxattr",
  "removexattr",
  "lremovexattr",
  "fremovexattr",
  "tkill",
  "futex",
  "sched_setaffinity",
  "sched_getaffinity",
  "set_thread_area",
  "get_thread_area",
  "io_setup",
  "io_destroy",
  "io_getevents",
  "io_submit",
  "io_cancel",
  "exit_group",
  "epoll_create",
  "epoll_ctl",
  "epoll_wait",
  "remap_file_pages",
  "set_tid_address",
  "timer_create",
  "timer_settime",
  "timer_gettime",
  "timer_getoverrun",
  "timer_delete",
  "clock_settime",
  "clock_gettime",
  "clock_getres",
  "clock_nanosleep",
  "tgkill",
  "utimes",
  "mq_open",
  "mq_unlink",
  "mq_timedsend",
  "mq_timedreceive",
  "mq_notify",
  "mq_getsetattr",
  "kexec_load",
  "waitid",
  "add_key",
  "request_key",
  "keyctl",
  "ioprio_set",
  "ioprio_get",
  "inotify_init",
  "inotify_add_watch",
  "inotify_rm_watch",
  "openat",
  "mkdirat",
  "mknodat",
  "fchownat",
  "futimesat",
  "unlinkat",
  "renameat",
  "linkat",
  "symlinkat",
  "readlinkat",
  "fchmodat",
  "faccessat",
  "pselect6",
  "ppoll",
  "unshare",
  "set_robust_list",
  "get_robust_list",
  "splice",
  "tee",
  "vmsplice",
  "getcpu",
  "epoll_pwait",
  "utimensat",
  "signalfd",
  "timerfd_create",
  "eventfd",
  "timerfd_settime",
  "timerfd_gettime",
  "signalfd4",
  "eventfd2",
  "epoll_create1",
  "dup3",
  "pipe2",
  "inotify_init1",
  "preadv",
  "pwritev",
  "rt_tgsigqueueinfo",
  "perf_event_open",
  "fanotify_init",
  "prlimit64",
  "clock_adjtime",
  "syncfs",
  "setns",
  "getdents64",
  "socket",
  "bind",
  "connect",
  "listen",
  "accept",
  "getsockname",
  "getpeername",
  "socketpair",
  "sendto",
  "recvfrom",
  "shutdown",
  "setsockopt",
  "getsockopt",
  "sendmsg",
  "sendmmsg",
  "recvmsg",
  "recvmmsg",
  "accept4",
  "semop",
  "semget",
  "semctl",
  "msgsnd",
  "msgrcv",
  "msgget",
  "msgctl",
  "shmdt",
  "shmget",
  "shmctl",
  "statfs64",
  "fstatfs64",
  "fstatat64",
  "sendfile64",
  "ugetrlimit",
  "bdflush",
  "sigprocmask",
  "ipc",
  "socketcall",
  "stat64",
  "lstat64",
  "fstat64",
  "fcntl64",
  "mmap2",
  "_newselect",
  "sgetmask",
  "ssetmask",
  "sigpending",
  "olduname",
  "umount",
  "signal",
  "nice",
  "stime",
  "_llseek",
  "waitpid",
  "pread64",
  "pwrite64",
  "arch_prctl",
  "shmat",
  "rt_sigreturn",
  "fallocate",
  "newfstatat",
  "process_vm_readv",
  "process_vm_writev",
  "fork",
  "vfork",
  "setuid32",
  "getuid32",
  "setgid32",
  "geteuid32",
  "getgid32",
  "setresuid32",
  "setresgid32",
  "getresuid32",
  "getresgid32",
  "finit_module",
  "bpf",
  "seccomp",
  "sigaltstack",
  "getrandom",
  "fadvise64",
  "renameat2",
  "userfaultfd",
  "openat2",
  "umount2",
  "execve",
  "execveat",
  "copy_file_range",
  "clone",
  "clone3",
  "open_by_handle_at",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
  "mlock2",
  "getegid32",
  "fsconfig",
  "fspick",
  "fsmount",
  "fsopen",
  "open_tree",
  "move_mount",
  "mount_setattr",
  "memfd_create",
  "memfd_secret",
  "ioperm",
  "kexec_file_load",
  "pidfd_getfd",
  "pidfd_open",
  "pidfd_send_signal",
  "pkey_alloc",
  "pkey_mprotect",
  "pkey_free",
  "landlock_create_ruleset",
  "quotactl_fd",
  "landlock_restrict_self",
  "landlock_add_rule",
  "epoll_pwait2",
  "migrate_pages",
  "move_pages",
  "preadv2",
  "pwritev2",
  "kcmp",
  "sched_setattr",
  "mbind",
  "epoll_ctl_old",
  "lookup_dcookie",
  "modify_ldt",
  "statx",
  "set_mempolicy",
  "io_pgetevents",
  "set_mempolicy_home_node",
  "semtimedop",
  "get_kernel_syms",
  "readahead",
  "futex_waitv",
  "getpmsg",
  "name_to_handle_at",
  "process_mrelease",
  "nfsservctl",
  "epoll_wait_old",
  "rseq",
  "create_module",
  "na_1",
  "sched_getattr",
  "faccessat2",
  "_sysctl",
  "query_module",
  "get_mempolicy",
  "sync_file_range",
  "process_madvise",
  "membarrier",
  "iopl",
  "close_range",
  "fanotify_mark",
  "recv",
  "send",
  "sched_process_exit",
  "sched_switch",
  "page_fault_user",
  "page_fault_kernel",
  "signal_deliver",
  "timerfd",
  "s390_pci_mmio_read",
  "sigaction",
  "s390_pci_mmio_write",
  "readdir",
  "s390_sthyi",
  "sigsuspend",
  "idle",
  "s390_runtime_instr",
  "sigreturn",
  "s390_guarded_storage",
  "cachestat",
  "fchmodat2",
  "map_shadow_stack",
  "riscv_flush_icache",
  "riscv_hwprobe",
  "futex_wake",
  "futex_requeue",
  "futex_wait",
  "oldstat",
  "switch_endian",
  "multiplexer",
  "oldlstat",
  "spu_create",
  "sync_file_range2",
  "oldfstat",
  "spu_run",
  "swapcontext",
  "pciconfig_write",
  "rtas",
  "pciconfig_read",
  "sys_debug_setcontext",
  "vm86",
  "oldolduname",
  "subpage_prot",
  "pciconfig_iobase",
  "listmount",
  "statmount",
  "lsm_get_self_attr",
  "lsm_set_self_attr",
  "lsm_list_modules",
  "mseal",
  "uretprobe",
  "removexattrat",
  "listxattrat",
  "getxattrat",
  "setxattrat",
  "open_tree_attr",
  "file_getattr",
  "file_setattr",
  "listns",
  "uprobe",
  "rseq_slice_yield"
];

// src/scap/event-table.ts
var integer = (width, signed, types) => types.map((type) => [type, { width, signed }]);
var INTEGER_PARAM_LAYOUT = new Map([
  ...integer(1, true, [PT.INT8]),
  ...integer(1, false, [PT.UINT8, PT.FLAGS8, PT.ENUMFLAGS8, PT.SIGTYPE, PT.L4PROTO, PT.SOCKFAMILY]),
  ...integer(2, true, [PT.INT16]),
  ...integer(2, false, [PT.UINT16, PT.FLAGS16, PT.ENUMFLAGS16, PT.PORT, PT.SYSCALLID]),
  ...integer(4, true, [PT.INT32, PT.FD32, PT.PID32]),
  ...integer(4, false, [PT.UINT32, PT.FLAGS32, PT.ENUMFLAGS32, PT.UID, PT.GID, PT.MODE, PT.BOOL, PT.SIGSET]),
  ...integer(8, true, [PT.INT64, PT.ERRNO, PT.FD, PT.PID]),
  ...integer(8, false, [PT.UINT64, PT.ABSTIME, PT.RELTIME])
]);
function parseRows() {
  return EVENT_ROWS.map(([symbol, name, category, flags, paramText]) => ({
    symbol,
    name,
    category,
    flags,
    params: paramText === "" ? [] : paramText.split(" ").map((entry) => {
      const colon = entry.lastIndexOf(":");
      const typeName = entry.slice(colon + 1);
      return { name: entry.slice(0, colon), type: PT[typeName] };
    })
  }));
}
var PARSED_ROWS = parseRows();
var PARAM_NAMES = [...new Set(PARSED_ROWS.flatMap((row) => row.params.map((param) => param.name)))];
var PARAM_SLOTS = new Map(PARAM_NAMES.map((name, slot) => [name, slot]));
function paramSlot(name) {
  const slot = PARAM_SLOTS.get(name);
  if (slot === void 0) throw new Error(`no event has a parameter named '${name}'`);
  return slot;
}
function findParamSlot(name) {
  return PARAM_SLOTS.get(name) ?? -1;
}
function buildTable() {
  return PARSED_ROWS.map(({ symbol, name, category, flags, params }, code) => {
    const paramIndex = /* @__PURE__ */ new Map();
    const slotIndex = new Int16Array(PARAM_NAMES.length).fill(-1);
    params.forEach((param, index) => {
      if (!paramIndex.has(param.name)) {
        paramIndex.set(param.name, index);
        slotIndex[PARAM_SLOTS.get(param.name)] = index;
      }
    });
    return {
      code,
      symbol,
      name,
      dir: code % 2 === 0 ? ">" : "<",
      category,
      flags,
      largePayload: (flags & EF.LARGE_PAYLOAD) !== 0,
      params,
      paramIndex,
      slotIndex
    };
  });
}
var EVENT_TABLE = buildTable();
var EVENT_CODE_MAX = EVENT_TABLE.length;
var PPME = Object.freeze(
  Object.fromEntries(EVENT_TABLE.map((info) => [info.symbol, info.code]))
);
function eventCode(symbol) {
  const code = PPME[symbol];
  if (code === void 0) throw new Error(`unknown event symbol PPME_${symbol}`);
  return code;
}
var EVENT_NAMES = new Set(
  EVENT_TABLE.map((info) => info.name).filter((name) => name !== "NA")
);
var CODES = {
  CLONE_X: [eventCode("SYSCALL_CLONE_11_X"), eventCode("SYSCALL_CLONE_16_X"), eventCode("SYSCALL_CLONE_17_X"), eventCode("SYSCALL_CLONE_20_X")],
  FORK_X: [eventCode("SYSCALL_FORK_X"), eventCode("SYSCALL_FORK_17_X"), eventCode("SYSCALL_FORK_20_X")],
  VFORK_X: [eventCode("SYSCALL_VFORK_X"), eventCode("SYSCALL_VFORK_17_X"), eventCode("SYSCALL_VFORK_20_X")],
  CLONE3_X: [eventCode("SYSCALL_CLONE3_X")],
  EXECVE_X: [
    eventCode("SYSCALL_EXECVE_8_X"),
    eventCode("SYSCALL_EXECVE_13_X"),
    eventCode("SYSCALL_EXECVE_14_X"),
    eventCode("SYSCALL_EXECVE_15_X"),
    eventCode("SYSCALL_EXECVE_16_X"),
    eventCode("SYSCALL_EXECVE_17_X"),
    eventCode("SYSCALL_EXECVE_18_X"),
    eventCode("SYSCALL_EXECVE_19_X")
  ],
  EXECVEAT_X: [eventCode("SYSCALL_EXECVEAT_X")],
  PROCEXIT_E: [eventCode("PROCEXIT_E"), eventCode("PROCEXIT_1_E")],
  CONTAINER_E: [eventCode("CONTAINER_E"), eventCode("CONTAINER_JSON_E"), eventCode("CONTAINER_JSON_2_E")]
};
function genericEventName(syscallId) {
  const name = SYSCALL_NAMES[syscallId];
  return name === void 0 || name === "unknown" ? "syscall" : name;
}

// src/scap/params.ts
var PPM_AF = { UNSPEC: 0, UNIX: 1, INET: 2, INET6: 10, NETLINK: 16 };
var TWO_32 = 4294967296;
function readInt64(buf, off) {
  const lo = (buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16) + buf[off + 3] * 16777216;
  const hi = buf[off + 4] | buf[off + 5] << 8 | buf[off + 6] << 16 | buf[off + 7] << 24;
  if (hi >= -2097152 && hi < 2097152) return hi * TWO_32 + lo;
  return (BigInt(hi) << 32n) + BigInt(lo);
}
function readInt64Number(buf, off) {
  const high = buf[off + 4] | buf[off + 5] | buf[off + 6] | buf[off + 7];
  if (high === 0 && buf[off + 3] < 64) return buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16 | buf[off + 3] << 24;
  const lo = (buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16) + buf[off + 3] * 16777216;
  const hi = buf[off + 4] | buf[off + 5] << 8 | buf[off + 6] << 16 | buf[off + 7] << 24;
  return hi * TWO_32 + lo;
}
function readUint64(buf, off) {
  const lo = (buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16) + buf[off + 3] * 16777216;
  const hi = (buf[off + 4] | buf[off + 5] << 8 | buf[off + 6] << 16) + buf[off + 7] * 16777216;
  return (BigInt(hi) << 32n) + BigInt(lo);
}
function readUint32(buf, off) {
  return (buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16) + buf[off + 3] * 16777216;
}
function readInt32(buf, off) {
  return buf[off] | buf[off + 1] << 8 | buf[off + 2] << 16 | buf[off + 3] << 24;
}
function readUint16(buf, off) {
  return buf[off] | buf[off + 1] << 8;
}
var utf8 = new TextDecoder("utf-8");
function readCString(buf, off, len) {
  let end = off;
  const limit = off + len;
  while (end < limit && buf[end] !== 0) end++;
  if (end === off) return "";
  if (Buffer.isBuffer(buf)) return buf.toString("utf8", off, end);
  return utf8.decode(buf.subarray(off, end));
}
function readStringList(buf, off, len) {
  const out = [];
  let start = off;
  const limit = off + len;
  for (let i = off; i < limit; i++) {
    if (buf[i] === 0) {
      out.push(utf8.decode(buf.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < limit) out.push(utf8.decode(buf.subarray(start, limit)));
  return out;
}
function ipv4ToString(buf, off) {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}
var IPV6_WORDS = new Uint16Array(8);
function ipv6ToString(buf, off) {
  const words = IPV6_WORDS;
  for (let i = 0; i < 8; i++) words[i] = buf[off + 2 * i] << 8 | buf[off + 2 * i + 1];
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 65535) {
    return `::ffff:${ipv4ToString(buf, off + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = "";
  let separate = false;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += "::";
      i += bestLen - 1;
      separate = false;
      continue;
    }
    if (separate) out += ":";
    out += words[i].toString(16);
    separate = true;
  }
  return out;
}
function isIpv4Mapped(buf, off) {
  for (let i = 0; i < 10; i++) if (buf[off + i] !== 0) return false;
  return buf[off + 10] === 255 && buf[off + 11] === 255;
}
function decodeSockaddr(buf, off, len) {
  if (len < 1) return null;
  const family = buf[off];
  if (family === PPM_AF.INET) {
    if (len < 7) return null;
    return { family: "ipv4", dest: { ip: ipv4ToString(buf, off + 1), port: readUint16(buf, off + 5) } };
  }
  if (family === PPM_AF.INET6) {
    if (len < 19) return null;
    return { family: "ipv6", dest: { ip: ipv6ToString(buf, off + 1), port: readUint16(buf, off + 17) } };
  }
  if (family === PPM_AF.UNIX) return { family: "unix", path: readCString(buf, off + 1, len - 1) };
  return { family: "other", code: family };
}
function decodeSocktuple(buf, off, len) {
  if (len < 1) return null;
  const family = buf[off];
  if (family === PPM_AF.INET) {
    if (len < 13) return null;
    const source = { ip: ipv4ToString(buf, off + 1), port: readUint16(buf, off + 5) };
    const dest = { ip: ipv4ToString(buf, off + 7), port: readUint16(buf, off + 11) };
    return { family: "ipv4", source, dest };
  }
  if (family === PPM_AF.INET6) {
    if (len < 37) return null;
    const source = { ip: ipv6ToString(buf, off + 1), port: readUint16(buf, off + 17) };
    const dest = { ip: ipv6ToString(buf, off + 19), port: readUint16(buf, off + 35) };
    return { family: "ipv6", source, dest };
  }
  if (family === PPM_AF.UNIX) {
    if (len < 17) return { family: "unix", path: "" };
    return { family: "unix", path: readCString(buf, off + 17, len - 17) };
  }
  return { family: "other", code: family };
}
function decodeFdList(buf, off, len) {
  if (len < 2) return null;
  const count = readUint16(buf, off);
  const out = [];
  let at = off + 2;
  for (let i = 0; i < count && at + 10 <= off + len; i++, at += 10) {
    out.push({ fd: readInt64Number(buf, at), flags: readUint16(buf, at + 8) });
  }
  return out;
}
function decodeInteger({ width, signed }, buf, off) {
  switch (width) {
    case 1:
      return signed ? buf[off] << 24 >> 24 : buf[off];
    case 2:
      return signed ? readUint16(buf, off) << 16 >> 16 : readUint16(buf, off);
    case 4:
      return signed ? readInt32(buf, off) : readUint32(buf, off);
    case 8:
      return signed ? readInt64(buf, off) : readUint64(buf, off);
  }
}
function decodeParam(type, buf, off, len) {
  const integerLayout = INTEGER_PARAM_LAYOUT.get(type);
  if (integerLayout !== void 0) return len >= integerLayout.width ? decodeInteger(integerLayout, buf, off) : null;
  switch (type) {
    case PT.DOUBLE:
      return len >= 8 ? Buffer.from(buf.buffer, buf.byteOffset + off, 8).readDoubleLE(0) : null;
    case PT.CHARBUF:
    case PT.FSPATH:
    case PT.FSRELPATH:
      return readCString(buf, off, len);
    case PT.SOCKADDR:
      return decodeSockaddr(buf, off, len);
    case PT.SOCKTUPLE:
      return decodeSocktuple(buf, off, len);
    case PT.FDLIST:
      return decodeFdList(buf, off, len);
    case PT.IPV4ADDR:
      return len >= 4 ? ipv4ToString(buf, off) : null;
    case PT.IPV6ADDR:
      return len >= 16 ? ipv6ToString(buf, off) : null;
    case PT.IPADDR:
      if (len === 4) return ipv4ToString(buf, off);
      if (len === 16) return ipv6ToString(buf, off);
      return null;
    case PT.NONE:
      return null;
    default:
      return buf.subarray(off, off + len);
  }
}

// src/scap/event-view.ts
var MAX_PARAMS = 64;
var EventView = class {
  buf = new Uint8Array(0);
  info = void 0;
  nparams = 0;
  offsets = new Int32Array(MAX_PARAMS);
  lengths = new Int32Array(MAX_PARAMS);
  /**
   * Locates the parameters of the event at `evOff` (its header is `headerSize` bytes, its total length
   * `evLen`). Returns false when the declared lengths do not fit the event.
   */
  load(info, buf, evOff, evLen, headerSize, nparams, lenSize) {
    this.info = info;
    this.buf = buf;
    this.nparams = 0;
    if (nparams > MAX_PARAMS) return false;
    const end = evOff + evLen;
    const lensStart = evOff + headerSize;
    let data = lensStart + nparams * lenSize;
    if (data > end) return false;
    for (let i = 0; i < nparams; i++) {
      const at = lensStart + i * lenSize;
      const length = lenSize === 2 ? readUint16(buf, at) : readUint32(buf, at);
      this.offsets[i] = data;
      this.lengths[i] = length;
      data += length;
      if (data > end) return false;
    }
    this.nparams = nparams;
    return true;
  }
  /** The index of the parameter in a slot (see paramSlot) when this event carries it, else -1. */
  indexOf(slot) {
    const info = this.info;
    if (info === void 0) return -1;
    const index = info.slotIndex[slot];
    return index < this.nparams ? index : -1;
  }
  value(index) {
    const param = this.info.params[index];
    return decodeParam(param.type, this.buf, this.offsets[index], this.lengths[index]);
  }
};
function v1ParamsEnd(buf, lensStart, end, n) {
  let at = lensStart + n * 2;
  if (at > end) return at;
  for (let i = 0; i < n; i++) at += readUint16(buf, lensStart + i * 2);
  return at;
}
function deriveV1ParamCount(buf, evOff, evLen, headerSize, tableCount, hint = -1) {
  const most = Math.min(tableCount, MAX_PARAMS);
  const end = evOff + evLen;
  const lensStart = evOff + headerSize;
  if (hint >= 0 && hint <= most && v1ParamsEnd(buf, lensStart, end, hint) === end) return hint;
  for (let n = most; n >= 0; n--) {
    const at = v1ParamsEnd(buf, lensStart, end, n);
    if (at === end) return n;
    if (at < end) return -1;
  }
  return -1;
}
var EventArgs = class {
  exit = new EventView();
  /** The event being read (the exit event, or an enter event without pair). */
  get info() {
    return this.exit.info;
  }
  enter = new EventView();
  hasEnter = false;
  foundView = this.exit;
  foundIndex = -1;
  find(slot) {
    let index = this.exit.indexOf(slot);
    if (index >= 0) {
      this.foundView = this.exit;
      this.foundIndex = index;
      return true;
    }
    if (this.hasEnter) {
      index = this.enter.indexOf(slot);
      if (index >= 0) {
        this.foundView = this.enter;
        this.foundIndex = index;
        return true;
      }
    }
    return false;
  }
  value(slot) {
    return this.find(slot) ? this.foundView.value(this.foundIndex) : void 0;
  }
  /** Like find, in the paired enter event only (for names both events use, e.g. execveat's flags). */
  findInEnter(slot) {
    const index = this.hasEnter ? this.enter.indexOf(slot) : -1;
    if (index < 0) return false;
    this.foundView = this.enter;
    this.foundIndex = index;
    return true;
  }
  /** An integer parameter as a number (64-bit values beyond 2^53 lose precision; ids never get there). */
  num(slot) {
    return this.find(slot) ? this.foundNum() : void 0;
  }
  /** num() of the paired enter event's parameter. */
  enterNum(slot) {
    return this.findInEnter(slot) ? this.foundNum() : void 0;
  }
  /** str() of the paired enter event's parameter. */
  enterStr(slot) {
    return this.findInEnter(slot) ? this.foundStr() : void 0;
  }
  foundNum() {
    const view = this.foundView;
    const index = this.foundIndex;
    const off = view.offsets[index];
    const len = view.lengths[index];
    const type = view.info.params[index].type;
    switch (type) {
      case PT.INT64:
      case PT.ERRNO:
      case PT.FD:
      case PT.PID:
      case PT.UINT64:
        return len >= 8 ? readInt64Number(view.buf, off) : void 0;
      case PT.INT32:
      case PT.FD32:
      case PT.PID32:
        return len >= 4 ? readInt32(view.buf, off) : void 0;
      default: {
        const value = view.value(index);
        if (typeof value === "number") return value;
        if (typeof value === "bigint") return Number(value);
        return void 0;
      }
    }
  }
  str(slot) {
    return this.find(slot) ? this.foundStr() : void 0;
  }
  foundStr() {
    const view = this.foundView;
    return readCString(view.buf, view.offsets[this.foundIndex], view.lengths[this.foundIndex]);
  }
  bytes(slot) {
    if (!this.find(slot)) return void 0;
    const view = this.foundView;
    const off = view.offsets[this.foundIndex];
    return view.buf.subarray(off, off + view.lengths[this.foundIndex]);
  }
  /** All parameters by name: the exit event's, then those of the enter event it lacks (old captures). */
  record() {
    const out = {};
    const exit = this.exit;
    const params = exit.info?.params ?? [];
    for (let i = 0; i < exit.nparams && i < params.length; i++) {
      const name = params[i].name;
      if (!(name in out)) out[name] = exit.value(i);
    }
    if (this.hasEnter) {
      const enterParams = this.enter.info?.params ?? [];
      for (let i = 0; i < this.enter.nparams && i < enterParams.length; i++) {
        const name = enterParams[i].name;
        if (!(name in out)) out[name] = this.enter.value(i);
      }
    }
    return out;
  }
};

// src/scap/event.ts
var scratch = new EventArgs();
var TWO_322 = 4294967296n;
var NO_BYTES = new Uint8Array(0);
var noThread = () => void 0;
var CapturedEvent = class {
  decoded = void 0;
  time = void 0;
  num = 0;
  tsHigh = 0;
  tsLow = 0;
  cpu = 0;
  tid = 0;
  type = 0;
  name = "";
  dir = "<";
  thread = void 0;
  fd = void 0;
  parent = void 0;
  lookupThread = noThread;
  buf = NO_BYTES;
  off = 0;
  len = 0;
  headerSize = 0;
  nparams = 0;
  enterCode = -1;
  enterBuf = void 0;
  enterOff = 0;
  enterLen = 0;
  enterHeaderSize = 0;
  enterNparams = 0;
  /**
   * Makes this object the given event (a fresh object, or the reader's one reused object when the
   * consumer promised to read events only inside its callback). The time arrives as its two 32-bit
   * halves (numbers): most delivered events are looked at without their time, and a bigint per event is
   * measurable garbage. `enterCode` is -1 when the event has no paired enter event.
   */
  reset(num, tsHigh, tsLow, cpu, tid, type, name, dir, thread, fd, parent, lookupThread, buf, off, len, headerSize, nparams, enterCode, enterBuf, enterOff, enterLen, enterHeaderSize, enterNparams) {
    this.decoded = void 0;
    this.time = void 0;
    this.num = num;
    this.tsHigh = tsHigh;
    this.tsLow = tsLow;
    this.cpu = cpu;
    this.tid = tid;
    this.type = type;
    this.name = name;
    this.dir = dir;
    this.thread = thread;
    this.fd = fd;
    this.parent = parent;
    this.lookupThread = lookupThread;
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.headerSize = headerSize;
    this.nparams = nparams;
    this.enterCode = enterCode;
    this.enterBuf = enterBuf;
    this.enterOff = enterOff;
    this.enterLen = enterLen;
    this.enterHeaderSize = enterHeaderSize;
    this.enterNparams = enterNparams;
    return this;
  }
  get ts() {
    if (this.time === void 0) this.time = BigInt(this.tsHigh) * TWO_322 + BigInt(this.tsLow);
    return this.time;
  }
  locate() {
    const info = EVENT_TABLE[this.type];
    scratch.exit.load(info, this.buf, this.off, this.len, this.headerSize, this.nparams, info.largePayload ? 4 : 2);
    scratch.hasEnter = false;
    if (this.enterCode >= 0 && this.enterBuf !== void 0) {
      const enterInfo = EVENT_TABLE[this.enterCode];
      scratch.hasEnter = scratch.enter.load(enterInfo, this.enterBuf, this.enterOff, this.enterLen, this.enterHeaderSize, this.enterNparams, enterInfo.largePayload ? 4 : 2);
    }
    return scratch;
  }
  get params() {
    if (this.decoded === void 0) this.decoded = this.locate().record();
    return this.decoded;
  }
  /**
   * One parameter, as `params[name]` would give it, decoded alone: for consumers that need one or two
   * parameters of an event whose others (socket tuples, buffers, strings) would be decoded for nothing.
   */
  param(name) {
    if (this.decoded !== void 0) return this.decoded[name];
    const slot = findParamSlot(name);
    return slot < 0 ? void 0 : this.locate().value(slot);
  }
  /** Plain data for JSON.stringify and inspection (the getters are not own properties). */
  toJSON() {
    const { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent } = this;
    return { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent };
  }
};

// src/scap/open-flags.ts
var PPM_O = {
  NONE: 0,
  RDONLY: 1 << 0,
  WRONLY: 1 << 1,
  RDWR: 1 << 0 | 1 << 1,
  CREAT: 1 << 2,
  APPEND: 1 << 3,
  DSYNC: 1 << 4,
  EXCL: 1 << 5,
  NONBLOCK: 1 << 6,
  SYNC: 1 << 7,
  TRUNC: 1 << 8,
  DIRECT: 1 << 9,
  DIRECTORY: 1 << 10,
  LARGEFILE: 1 << 11,
  CLOEXEC: 1 << 12,
  TMPFILE: 1 << 13,
  /** The file was created by this open (set by the kernel, not asked for). */
  F_CREATED: 1 << 14,
  /** PPM_FD_UPPER_LAYER: the file is from an overlayfs upper layer. */
  FD_UPPER_LAYER: 1 << 15,
  /** PPM_FD_LOWER_LAYER: the file is from an overlayfs lower layer. */
  FD_LOWER_LAYER: 1 << 16
};
var OPEN_FLAG_NAMES = [
  ["O_LARGEFILE", PPM_O.LARGEFILE],
  ["O_DIRECTORY", PPM_O.DIRECTORY],
  ["O_DIRECT", PPM_O.DIRECT],
  ["O_TRUNC", PPM_O.TRUNC],
  ["O_SYNC", PPM_O.SYNC],
  ["O_NONBLOCK", PPM_O.NONBLOCK],
  ["O_EXCL", PPM_O.EXCL],
  ["O_DSYNC", PPM_O.DSYNC],
  ["O_APPEND", PPM_O.APPEND],
  ["O_CREAT", PPM_O.CREAT],
  ["O_RDWR", PPM_O.RDWR],
  ["O_WRONLY", PPM_O.WRONLY],
  ["O_RDONLY", PPM_O.RDONLY],
  ["O_CLOEXEC", PPM_O.CLOEXEC],
  ["O_NONE", PPM_O.NONE],
  ["O_TMPFILE", PPM_O.TMPFILE],
  ["O_F_CREATED", PPM_O.F_CREATED],
  ["FD_UPPER_LAYER", PPM_O.FD_UPPER_LAYER],
  ["FD_LOWER_LAYER", PPM_O.FD_LOWER_LAYER]
];
var FLAG_BITS_ASCENDING = OPEN_FLAG_NAMES.filter(([, value]) => value !== 0 && (value & value - 1) === 0 && (value & PPM_O.RDWR) === 0).sort(
  (left, right) => left[1] - right[1]
);
function openFlagNames(flags) {
  const names = [];
  const access = flags & PPM_O.RDWR;
  if (access === PPM_O.RDWR) names.push("O_RDWR");
  else if (access === PPM_O.WRONLY) names.push("O_WRONLY");
  else if (access === PPM_O.RDONLY) names.push("O_RDONLY");
  for (const [name, value] of FLAG_BITS_ASCENDING) if ((flags & value) !== 0) names.push(name);
  return names;
}
function isWriteOpen(flags) {
  return (flags & (PPM_O.WRONLY | PPM_O.CREAT | PPM_O.TRUNC)) !== 0;
}
var OPEN_EVENT_NAMES = /* @__PURE__ */ new Set(["open", "openat", "openat2", "open_by_handle_at"]);
var FILE_OPENING_EVENT_NAMES = /* @__PURE__ */ new Set([...OPEN_EVENT_NAMES, "creat"]);

// src/scap/errno.ts
var ERRNO = { ENOENT: 2, EACCES: 13, ENETUNREACH: 101, ETIMEDOUT: 110, ECONNREFUSED: 111, EINPROGRESS: 115 };
var EINPROGRESS = ERRNO.EINPROGRESS;
var WORDS = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EFBIG: "file too large",
  EIO: "input/output error",
  ETXTBSY: "text file busy",
  EBUSY: "device or resource busy",
  EINVAL: "invalid argument",
  ENXIO: "no such device or address",
  ENODEV: "no such device"
};
function isSystemError(error) {
  return error instanceof Error && typeof error.code === "string" && /^E[A-Z0-9]+$/.test(error.code);
}
function systemErrorWords(error) {
  const known = error.code === void 0 ? void 0 : WORDS[error.code];
  if (known !== void 0) return known;
  const description = /^E[A-Z0-9]+: (.*?)(?:, [a-z_]+(?: '.*)?)?$/s.exec(error.message)?.[1];
  return description !== void 0 && description.length > 0 ? description.toLowerCase() : "system error";
}

// src/scap/endpoint.ts
var IPV4_MAPPED_PREFIX = "::ffff:";
function unmapEndpoint(endpoint) {
  return endpoint.ip.startsWith(IPV4_MAPPED_PREFIX) && endpoint.ip.includes(".") ? { ip: endpoint.ip.slice(IPV4_MAPPED_PREFIX.length), port: endpoint.port } : endpoint;
}

// src/scap/time.ts
var formattedSecond;
var formattedSecondText = "";
function isoTime(ns) {
  const seconds = ns / 1000000000n;
  const fraction = ns % 1000000000n;
  if (seconds !== formattedSecond) {
    formattedSecond = seconds;
    formattedSecondText = new Date(Number(seconds) * 1e3).toISOString().slice(0, 19);
  }
  return `${formattedSecondText}.${fraction.toString().padStart(9, "0")}Z`;
}

// builtin:node:fs
var builtin2 = __require("node:fs");
var closeSync = /* @__PURE__ */ (() => builtin2.closeSync)();
var createReadStream = /* @__PURE__ */ (() => builtin2.createReadStream)();
var fstatSync = /* @__PURE__ */ (() => builtin2.fstatSync)();
var openSync = /* @__PURE__ */ (() => builtin2.openSync)();
var readSync = /* @__PURE__ */ (() => builtin2.readSync)();
var statSync = /* @__PURE__ */ (() => builtin2.statSync)();

// node_modules/zod/v4/core/util.js
function jsonStringifyReplacer(_, value) {
  if (typeof value === "bigint")
    return value.toString();
  return value;
}
var Cached = class {
  constructor(getter) {
    this._getter = getter;
    this._value = void 0;
  }
  get value() {
    const getter = this._getter;
    if (getter !== void 0) {
      this._value = getter();
      this._getter = void 0;
    }
    return this._value;
  }
};
function cached(getter) {
  return new Cached(getter);
}
function cleanRegex(source) {
  const start = source.startsWith("^") ? 1 : 0;
  const end = source.endsWith("$") ? source.length - 1 : source.length;
  return source.slice(start, end);
}
function assignProp(target, prop, value) {
  Object.defineProperty(target, prop, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  });
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function isObject(data) {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}
function clone(inst, def, params) {
  const cl = new inst._zod.constr(def ?? inst._zod.def);
  if (!def || params?.parent)
    cl._zod.parent = inst;
  return cl;
}
function normalizeParams(_params) {
  const params = _params;
  if (!params)
    return {};
  if (typeof params === "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  delete params.message;
  if (typeof params.error === "string")
    return { ...params, error: () => params.error };
  return params;
}
function optionalKeys(shape) {
  return Object.keys(shape).filter((k) => {
    return shape[k]._zod.optin !== void 0 && shape[k]._zod.optout === "optional";
  });
}
function aborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue !== true) {
      return true;
    }
  }
  return false;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue === false) {
      return true;
    }
  }
  return false;
}
function prefixIssues(path, issues) {
  return issues.map((iss) => {
    var _a2;
    (_a2 = iss).path ?? (_a2.path = []);
    iss.path.unshift(path);
    return iss;
  });
}
function unwrapMessage(message) {
  return typeof message === "string" ? message : message?.message;
}
function attachSchema(issues, start, inst) {
  var _a2;
  for (let i = start; i < issues.length; i++) {
    (_a2 = issues[i]).schema ?? (_a2.schema = inst);
  }
}
function finalizeIssue(iss, ctx, config2) {
  var _a2;
  const traits = iss.inst?._zod?.traits;
  if (traits?.has("$ZodType")) {
    if (traits.has("$ZodCheck"))
      (_a2 = iss).schema ?? (_a2.schema = iss.inst);
    else
      iss.schema = iss.inst;
  }
  const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0;
  const message = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input";
  const full = {};
  for (const k of Object.keys(iss)) {
    if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
      continue;
    full[k] = iss[k];
  }
  full.path ?? (full.path = []);
  full.message = message;
  if (ctx?.reportInput) {
    full.input = iss.input;
  }
  return full;
}
function members(proto, table2) {
  for (const key in table2) {
    const desc = Object.getOwnPropertyDescriptor(table2, key);
    if (desc.get)
      Object.defineProperty(proto, key, { ...desc, enumerable: false });
    else
      defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = true) {
  Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
  return value;
}
function hide(inst, key, value) {
  return own(inst, key, value, false);
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}
function claim(inst, sentinel) {
  const proto = Object.getPrototypeOf(inst);
  return sentinel in proto ? void 0 : proto;
}
var installing;
var broke = false;
var breaker = {
  configurable: true,
  get() {
    broke = true;
    return void 0;
  }
};
function defineLazyInternal(inst, key, compute) {
  const proto = Object.getPrototypeOf(inst._zod);
  if (key in proto && installing !== inst._zod) {
    installing = void 0;
    return;
  }
  installing = inst._zod;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      Object.defineProperty(this, key, breaker);
      const outer = broke;
      broke = false;
      try {
        const value = compute(this);
        if (broke)
          delete this[key];
        else
          Object.defineProperty(this, key, { configurable: true, writable: true, value });
        broke = broke || outer;
        return value;
      } catch (err) {
        delete this[key];
        broke = broke || outer;
        throw err;
      }
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, value });
    }
  });
}
function installLazyProp(inst, key, make, enumerable) {
  const proto = claim(inst, key);
  if (!proto)
    return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      const desc = { configurable: true, writable: true, enumerable, value: void 0 };
      Object.defineProperty(this, key, desc);
      desc.value = make(this);
      Object.defineProperty(this, key, desc);
      return desc.value;
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
    }
  });
}

// node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: false };
var _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  const E = _E;
  if (E) {
    const saved = E.stackTraceLimit;
    if (typeof saved === "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        _E = null;
        return new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer2, proto, params) {
  const zodProto = {};
  function Internals(def) {
    this.def = def;
    this.constr = _;
    this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  const protoMembers = proto;
  const initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (!inst._zod) {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    } else if (inst._zod.traits.has(name)) {
      return;
    }
    inst._zod.traits.add(name);
    initializer2(inst, def);
    if (initialized) {
      const own2 = Object.getPrototypeOf(inst);
      const ctorProto = inst._zod.constr.prototype;
      let up = own2;
      while (up && up !== ctorProto)
        up = Object.getPrototypeOf(up);
      const target = up ?? own2;
      if (!initialized.has(target)) {
        initialized.add(target);
        members(target, protoMembers);
      }
    }
    const proto2 = _.prototype;
    for (const k in proto2) {
      if (!Object.prototype.hasOwnProperty.call(proto2, k))
        continue;
      if (!(k in inst)) {
        inst[k] = proto2[k].bind(inst);
      }
    }
  }
  const Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    const deferred = inst._zod.deferred;
    if (deferred) {
      for (const fn of deferred) {
        fn();
      }
      inst._zod.deferred = void 0;
    }
    const pp = globalThis.__zod_globalConfig?.postProcessor;
    if (pp)
      pp(inst);
    return inst;
  }
  Object.defineProperty(_, "init", { value: init });
  Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => {
      if (params?.Parent && inst instanceof params.Parent)
        return true;
      return inst?._zod?.traits?.has(name);
    }
  });
  Object.defineProperty(_, "name", { value: name });
  return _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  if (newConfig)
    Object.assign(globalConfig, newConfig);
  return globalConfig;
}

// node_modules/zod/v4/core/errors.js
function _getMessage() {
  const internals = this._zod;
  internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
  return internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: true,
  configurable: true
};
var _issuesDesc = { value: void 0, enumerable: false };
var _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
var initializer = (inst, def) => {
  inst.name = "$ZodError";
  _issuesDesc.value = def;
  Object.defineProperty(inst, "issues", _issuesDesc);
  _issuesDesc.value = void 0;
  Object.defineProperty(inst, "message", _messageDesc);
  const proto = Object.getPrototypeOf(inst);
  if (!_installedToString.has(proto)) {
    _installedToString.add(proto);
    Object.defineProperty(proto, "toString", {
      configurable: true,
      enumerable: false,
      get() {
        const value = () => this.message;
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
      }
    });
  }
};
var $ZodError = $constructor("$ZodError", initializer);
var $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/zod/v4/core/parse.js
var _parse = (_Err) => {
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
      throw new $ZodAsyncError();
    }
    if (result.issues.length) {
      const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, _params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parse = /* @__PURE__ */ _parse($ZodRealError);
var _parseAsync = (_Err) => {
  const fn = async (schema, value, _ctx, params) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      result = await result;
    if (result.issues.length) {
      const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parseAsync = /* @__PURE__ */ _parseAsync($ZodRealError);
var _safeParse = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
  const result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParse = /* @__PURE__ */ _safeParse($ZodRealError);
function failure(Err, issues, ctx) {
  let error;
  return {
    success: false,
    get error() {
      if (!error) {
        error = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
        issues = void 0;
        ctx = void 0;
      }
      return error;
    },
    set error(e) {
      error = e;
      issues = void 0;
      ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParseAsync = /* @__PURE__ */ _safeParseAsync($ZodRealError);

// node_modules/zod/v4/core/regexes.js
var anyString = /^[\s\S]{0,}$/;
var number = /^-?\d+(?:\.\d+)?$/;
var boolean = /^(?:true|false)$/i;

// node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a2;
  inst ?? (inst = {});
  inst._zod.def = def;
  inst._zod.bag = inst._zod.bag || {};
  inst._zod.version = version;
  const defChecks = inst._zod.def.checks;
  const checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (const ch of checks) {
    for (const fn of ch._zod.onattach) {
      fn(inst);
    }
  }
  if (checks.length === 0) {
    (_a2 = inst._zod).deferred ?? (_a2.deferred = []);
    inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  } else {
    const runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload);
      let asyncResult;
      for (const ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload))
            continue;
          const shouldRun = ch._zod.def.when(payload);
          if (!shouldRun)
            continue;
        } else if (isAborted) {
          continue;
        }
        const currLen = payload.issues.length;
        const _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === false) {
          throw new $ZodAsyncError();
        }
        if (asyncResult || _ instanceof Promise) {
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _;
            const nextLen = payload.issues.length;
            if (nextLen === currLen)
              return;
            attachSchema(payload.issues, currLen, inst);
            if (!isAborted)
              isAborted = aborted(payload, currLen);
          });
        } else {
          const nextLen = payload.issues.length;
          if (nextLen === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst);
          if (!isAborted)
            isAborted = aborted(payload, currLen);
        }
      }
      if (asyncResult) {
        return asyncResult.then(() => {
          return payload;
        });
      }
      return payload;
    };
    const handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary)) {
        canary.aborted = true;
        return canary;
      }
      const checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks) {
        return inst._zod.parse(payload, ctx);
      }
      if (ctx.direction === "backward") {
        const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
        if (canary instanceof Promise) {
          return canary.then((canary2) => {
            return handleCanaryResult(canary2, payload, ctx);
          });
        }
        return handleCanaryResult(canary, payload, ctx);
      }
      const result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
});
var toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
  const ctx = { async: true };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      const ctx = { async: false };
      try {
        const r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch (_) {
      }
      return validateAsync(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = def.pattern ?? anyString;
  inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch (_2) {
      }
    if (typeof payload.value === "string")
      return payload;
    payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
var $ZodNumber = /* @__PURE__ */ $constructor("$ZodNumber", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = number;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Number(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
      return payload;
    }
    const received = typeof input === "number" ? Number.isNaN(input) ? "NaN" : !Number.isFinite(input) ? String(input) : void 0 : void 0;
    payload.issues.push({
      expected: "number",
      code: "invalid_type",
      input,
      inst,
      ...received ? { received } : {}
    });
    return payload;
  };
});
var $ZodBoolean = /* @__PURE__ */ $constructor("$ZodBoolean", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = boolean;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Boolean(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "boolean")
      return payload;
    payload.issues.push({
      expected: "boolean",
      code: "invalid_type",
      input,
      inst
    });
    return payload;
  };
});
function handlePropertyResult(result, final, key, input, optin, optout) {
  const isPresent = key in input;
  const isOptionalOut = optout === "optional";
  if (!isPresent && isOptionalOut && optin === "optional") {
    return;
  }
  if (result.issues.length) {
    if (optin !== void 0 && isOptionalOut && !isPresent) {
      return;
    }
    final.issues.push(...prefixIssues(key, result.issues));
  }
  if (!isPresent && optin === void 0) {
    if (!result.issues.length) {
      final.issues.push({
        code: "invalid_type",
        expected: "nonoptional",
        input: void 0,
        path: [key]
      });
    }
    return;
  }
  if (result.value === void 0) {
    if (isPresent || optin === "defaulted" && !isOptionalOut) {
      final.value[key] = void 0;
    }
  } else {
    final.value[key] = result.value;
  }
}
var NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
  const keys = Object.keys(def.shape);
  const ownSymbols = Object.getOwnPropertySymbols(def.shape);
  const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
  const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
  for (const k of allKeys) {
    if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
      throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
    }
  }
  const okeys = optionalKeys(def.shape);
  return {
    ...def,
    allKeys,
    symbolKeys,
    // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
    keySet: new Set(keys),
    numKeys: keys.length,
    optionalKeys: new Set(okeys)
  };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
  const unrecognized = [];
  const keySet = def.keySet;
  const _catchall = def.catchall._zod;
  const t = _catchall.def.type;
  const optin = _catchall.optin;
  const optout = _catchall.optout;
  let seen = 0;
  for (const key in input) {
    if (abortEarly && payload.issues.length !== seen) {
      if (aborted(payload, seen))
        break;
      seen = payload.issues.length;
    }
    if (keySet.has(key))
      continue;
    if (key === "__proto__") {
      if (t === "never")
        unrecognized.push(key);
      continue;
    }
    if (t === "never") {
      unrecognized.push(key);
      continue;
    }
    const r = _catchall.run({ value: input[key], issues: [] }, ctx);
    if (r instanceof Promise) {
      proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
    } else {
      handlePropertyResult(r, payload, key, input, optin, optout);
    }
  }
  if (unrecognized.length) {
    payload.issues.push({
      code: "unrecognized_keys",
      keys: unrecognized,
      input,
      inst,
      // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
      continue: true
    });
  }
  if (!proms.length)
    return payload;
  return Promise.all(proms).then(() => {
    return payload;
  });
}
var $ZodObject = /* @__PURE__ */ $constructor("$ZodObject", (inst, def) => {
  $ZodType.init(inst, def);
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  const sh = desc?.get ? desc.get.raw : def.shape ?? {};
  if (sh) {
    const get = () => {
      const newSh = { ...sh };
      Object.defineProperty(def, "shape", { value: newSh });
      get.raw = newSh;
      return newSh;
    };
    get.raw = sh;
    Object.defineProperty(def, "shape", { get });
  }
  const _normalized = cached(() => normalizeDef(def));
  defineLazyInternal(inst, "propValues", (zod) => {
    const shape = zod.def.shape;
    const propValues = {};
    for (const key in shape) {
      const field = shape[key]._zod;
      if (field.values) {
        if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
          assignProp(propValues, key, /* @__PURE__ */ new Set());
        }
        for (const v of field.values)
          propValues[key].add(v);
        if (field.optin !== void 0)
          propValues[key].add(void 0);
      }
    }
    return propValues;
  });
  const isObject2 = isObject;
  const catchall = def.catchall;
  let value;
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    const input = payload.value;
    if (!isObject2(input)) {
      payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
    const proms = [];
    const shape = value.shape;
    const abortEarly = ctx?.abortEarly;
    let seen = payload.issues.length;
    for (const key of value.allKeys) {
      if (abortEarly && payload.issues.length !== seen) {
        if (aborted(payload, seen))
          break;
        seen = payload.issues.length;
      }
      if (key === "__proto__")
        continue;
      const el = shape[key];
      const optin = el._zod.optin;
      const optout = el._zod.optout;
      const r = el._zod.run({ value: input[key], issues: [] }, ctx);
      if (r instanceof Promise) {
        proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
      } else {
        handlePropertyResult(r, payload, key, input, optin, optout);
      }
    }
    if (!catchall) {
      return proms.length ? Promise.all(proms).then(() => payload) : payload;
    }
    return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
  };
});
function handleUnionResults(results, final, inst, ctx) {
  for (const result of results) {
    if (result.issues.length === 0) {
      final.value = result.value;
      return final;
    }
  }
  const nonaborted = results.filter((r) => !aborted(r));
  if (nonaborted.length === 1) {
    final.value = nonaborted[0].value;
    return nonaborted[0];
  }
  final.issues.push({
    code: "invalid_union",
    input: final.value,
    inst,
    errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config())))
  });
  return final;
}
var $ZodUnion = /* @__PURE__ */ $constructor("$ZodUnion", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted") ? "defaulted" : zod.def.options.some((o) => o._zod.optin !== void 0) ? "optional" : void 0);
  defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : void 0);
  defineLazyInternal(inst, "values", (zod) => {
    if (zod.def.options.every((o) => o._zod.values)) {
      return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
    }
    return void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    if (zod.def.options.every((o) => o._zod.pattern)) {
      const patterns = zod.def.options.map((o) => o._zod.pattern);
      return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
    }
    return void 0;
  });
  const first = def.options.length === 1 ? def.options[0]._zod.run : null;
  inst._zod.parse = (payload, ctx) => {
    if (first) {
      return first(payload, ctx);
    }
    let async = false;
    const results = [];
    for (const option of def.options) {
      const result = option._zod.run({
        value: payload.value,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        results.push(result);
        async = true;
      } else {
        if (result.issues.length === 0)
          return result;
        results.push(result);
      }
    }
    if (!async)
      return handleUnionResults(results, payload, inst, ctx);
    return Promise.all(results).then((results2) => {
      return handleUnionResults(results2, payload, inst, ctx);
    });
  };
});
function handleOptionalResult(payload, result) {
  payload.value = result.issues.length ? void 0 : result.value;
  return payload;
}
var $ZodOptional = /* @__PURE__ */ $constructor("$ZodOptional", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  inst._zod.optout = "optional";
  defineLazyInternal(inst, "values", (zod) => {
    const values = zod.def.innerType._zod.values;
    return values ? /* @__PURE__ */ new Set([...values, void 0]) : void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === void 0) {
      if (def.innerType._zod.optin !== "defaulted")
        return payload;
      const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
      if (result instanceof Promise)
        return result.then((result2) => handleOptionalResult(payload, result2));
      return handleOptionalResult(payload, result);
    }
    return def.innerType._zod.run(payload, ctx);
  };
});

// node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  if (def.checks)
    def.checks = [...def.checks];
  return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
  return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _number(Class, params) {
  return new Class(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
  return new Class({
    type: "boolean",
    ...normalizeParams(params)
  });
}

// node_modules/zod/v4/mini/schemas.js
var ZodMiniType = /* @__PURE__ */ $constructor("ZodMiniType", (inst, def) => {
  if (!inst._zod)
    throw new Error("Uninitialized schema in ZodMiniType.");
  $ZodType.init(inst, def);
  inst.def = def;
  inst.type = def.type;
}, {
  // `with` is an alias for `check`: the same function object, not a wrapper.
  get with() {
    return this.check;
  },
  set with(value) {
    own(this, "with", value);
  },
  parse(data, params) {
    return parse(this, data, params, { callee: this.parse });
  },
  parseAsync(data, params) {
    return parseAsync(this, data, params, { callee: this.parseAsync });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  check(...checks) {
    const def = this.def;
    return this.clone({
      ...def,
      checks: [
        ...def.checks ?? [],
        ...checks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }, { parent: true });
  },
  clone(_def, params) {
    return clone(this, _def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    reg.add(this, meta2);
    return this;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  }
});
var ZodMiniString = /* @__PURE__ */ $constructor("ZodMiniString", (inst, def) => {
  $ZodString.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function string2(params) {
  return _string(ZodMiniString, params);
}
var ZodMiniNumber = /* @__PURE__ */ $constructor("ZodMiniNumber", (inst, def) => {
  $ZodNumber.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function number2(params) {
  return _number(ZodMiniNumber, params);
}
var ZodMiniBoolean = /* @__PURE__ */ $constructor("ZodMiniBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function boolean2(params) {
  return _boolean(ZodMiniBoolean, params);
}
var ZodMiniObject = /* @__PURE__ */ $constructor("ZodMiniObject", (inst, def) => {
  $ZodObject.init(inst, def);
  ZodMiniType.init(inst, def);
  installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
});
// @__NO_SIDE_EFFECTS__
function object(shape, params) {
  const def = {
    type: "object",
    shape: shape ?? {},
    ...normalizeParams(params)
  };
  return new ZodMiniObject(def);
}
var ZodMiniUnion = /* @__PURE__ */ $constructor("ZodMiniUnion", (inst, def) => {
  $ZodUnion.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function union(options, params) {
  return new ZodMiniUnion({
    type: "union",
    options,
    ...normalizeParams(params)
  });
}
var ZodMiniOptional = /* @__PURE__ */ $constructor("ZodMiniOptional", (inst, def) => {
  $ZodOptional.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function optional(innerType) {
  return new ZodMiniOptional({
    type: "optional",
    innerType
  });
}

// src/scap/container.ts
var ANY_ID = /[0-9a-f]{64}/;
var CONTAINER_ID_PATTERNS = [
  // docker (cgroupfs and systemd drivers), podman/libpod, containerd/cri-containerd, cri-o
  /\/docker\/([0-9a-f]{64})(?:\/|$)/,
  /docker-([0-9a-f]{64})\.scope/,
  /libpod-([0-9a-f]{64})(?:\.scope|\/|$)/,
  /cri-containerd-([0-9a-f]{64})\.scope/,
  /crio-([0-9a-f]{64})(?:\.scope|\/|$)/,
  /\/kubepods[^\n]*\/([0-9a-f]{64})(?:\/|$)/,
  /\/ecs\/[^/]+\/([0-9a-f]{64})(?:\/|$)/
];
function containerIdFromCgroups(cgroups) {
  for (const entry of cgroups) {
    if (!ANY_ID.test(entry)) continue;
    const path = entry.slice(entry.indexOf("=") + 1);
    for (const pattern of CONTAINER_ID_PATTERNS) {
      const match = pattern.exec(path);
      if (match !== null) return match[1].slice(0, 12);
    }
  }
  return "host";
}
var containerIdsByCgroups = /* @__PURE__ */ new Map();
var CONTAINER_ID_CACHE_LIMIT = 4096;
function containerIdFromCgroupBytes(bytes) {
  const key = Buffer.isBuffer(bytes) ? bytes.toString("latin1") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  let id = containerIdsByCgroups.get(key);
  if (id === void 0) {
    id = containerIdFromCgroups(splitCgroups(bytes));
    if (containerIdsByCgroups.size >= CONTAINER_ID_CACHE_LIMIT) containerIdsByCgroups.clear();
    containerIdsByCgroups.set(key, id);
  }
  return id;
}
function splitCgroups(bytes) {
  const out = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      if (i > start) out.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("utf8"));
      start = i + 1;
    }
  }
  return out;
}
var CONTAINER_TYPE_NAMES = [
  "docker",
  "lxc",
  "libvirt-lxc",
  "mesos",
  "rkt",
  "custom",
  "cri",
  "containerd",
  "cri-o",
  "bpm",
  "static",
  "podman"
];
function containerTypeName(code) {
  return CONTAINER_TYPE_NAMES[code] ?? String(code);
}
var ContainerEventSchema = object({
  container: object({
    id: string2(),
    name: optional(string2()),
    image: optional(string2()),
    imagerepo: optional(string2()),
    imagetag: optional(string2()),
    type: optional(union([number2(), string2()])),
    privileged: optional(boolean2())
  })
});
var CONTAINER_LABEL_LIMITS = { count: 100, keyChars: 256, valueChars: 4096 };
function labelsFromJson(value) {
  if (value === void 0 || value === null) return void 0;
  if (typeof value !== "object" || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (entries.some(([, label]) => typeof label !== "string")) return null;
  const kept = entries.filter(([key, label]) => key.length <= CONTAINER_LABEL_LIMITS.keyChars && label.length <= CONTAINER_LABEL_LIMITS.valueChars).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).slice(0, CONTAINER_LABEL_LIMITS.count);
  if (kept.length === 0) return void 0;
  const labels = /* @__PURE__ */ Object.create(null);
  for (const [key, label] of kept) labels[key] = label;
  return labels;
}
function containerFromJson(json) {
  let parsed;
  try {
    parsed = JSON.parse(json);
  } catch {
    return void 0;
  }
  const wrapped = typeof parsed === "object" && parsed !== null && !("container" in parsed) ? { container: parsed } : parsed;
  const result = ContainerEventSchema.safeParse(wrapped);
  if (!result.success) return void 0;
  const fields = result.data.container;
  const info = { id: fields.id, name: fields.name ?? "", image: fields.image ?? "" };
  if (fields.imagerepo !== void 0) info.imageRepository = fields.imagerepo;
  if (fields.imagetag !== void 0) info.imageTag = fields.imagetag;
  if (typeof fields.type === "number") info.type = containerTypeName(fields.type);
  else if (fields.type !== void 0) info.type = fields.type;
  if (fields.privileged !== void 0) info.privileged = fields.privileged;
  const labels = labelsFromJson(wrapped.container.labels);
  if (labels === null) return void 0;
  if (labels !== void 0) info.labels = labels;
  return info;
}

// src/scap/cursor.ts
var BlockOverrun = class extends Error {
  constructor(what) {
    super(`${what} runs past the end of its block`);
    this.name = "BlockOverrun";
  }
};
var utf82 = new TextDecoder("utf-8");
var Cursor = class {
  constructor(buf, pos, end) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }
  buf;
  pos;
  end;
  remaining() {
    return this.end - this.pos;
  }
  need(size, what) {
    const at = this.pos;
    if (size < 0 || at + size > this.end) throw new BlockOverrun(what);
    this.pos = at + size;
    return at;
  }
  u8(what = "u8") {
    return this.buf[this.need(1, what)];
  }
  u16(what = "u16") {
    return readUint16(this.buf, this.need(2, what));
  }
  u32(what = "u32") {
    return readUint32(this.buf, this.need(4, what));
  }
  /** Signed 64-bit as a number (ids, fds). */
  i64(what = "i64") {
    return readInt64Number(this.buf, this.need(8, what));
  }
  i64Exact(what = "i64") {
    return readInt64(this.buf, this.need(8, what));
  }
  u64(what = "u64") {
    return readUint64(this.buf, this.need(8, what));
  }
  bytes(size, what = "bytes") {
    const at = this.need(size, what);
    return this.buf.subarray(at, at + size);
  }
  skip(size, what = "field") {
    this.need(size, what);
  }
  /** A u16-length-prefixed string without terminator (process and fd list entries). */
  str16(what = "string", maxLength = Number.POSITIVE_INFINITY) {
    const length = this.u16(what);
    if (length > maxLength) throw new BlockOverrun(`${what} (length ${length} over ${maxLength})`);
    const start = this.need(length, what);
    const buf = this.buf;
    let end = start + length;
    while (end > start && buf[end - 1] === 0) end--;
    if (end === start) return "";
    const bom = buf[start] === 239 && buf[start + 1] === 187 && buf[start + 2] === 191;
    return Buffer.isBuffer(buf) && !bom ? buf.toString("utf8", start, end) : utf82.decode(buf.subarray(start, end));
  }
  /** A u16-length-prefixed byte string (args, env, cgroups: NUL-separated lists). */
  bytes16(what = "bytes", maxLength = Number.POSITIVE_INFINITY) {
    const length = this.u16(what);
    if (length > maxLength) throw new BlockOverrun(`${what} (length ${length} over ${maxLength})`);
    return this.bytes(length, what);
  }
};

// src/scap/format.ts
var BLOCK_HEADER_SIZE = 8;
var BLOCK_TRAILER_SIZE = 4;
var BLOCK_ALIGNMENT = 4;
var SHB_BLOCK_TYPE = 168627466;
var SHB_MAGIC = 439041101;
var SHB_MAGIC_SWAPPED = 1295788826;
var SHB_CURRENT_MAJOR_VERSION = 1;
var SHB_BODY_SIZE = 16;
var SHB_MIN_BLOCK_SIZE = BLOCK_HEADER_SIZE + SHB_BODY_SIZE + BLOCK_TRAILER_SIZE;
var MI_BLOCK_TYPE = 513;
var MI_BLOCK_TYPE_INT = 2147658701;
var MI_HOSTNAME_SIZE = 128;
var MI_BODY_SIZE = 4 + 8 + 8 + MI_HOSTNAME_SIZE + 8 + 8 + 8 + 8;
var PL_BLOCK_TYPE_V1 = 514;
var PL_BLOCK_TYPE_V1_INT = 2147527629;
var PL_BLOCK_TYPE_V2 = 519;
var PL_BLOCK_TYPE_V2_INT = 2148772813;
var PL_BLOCK_TYPE_V3 = 521;
var PL_BLOCK_TYPE_V3_INT = 2148838349;
var PL_BLOCK_TYPE_V4 = 528;
var PL_BLOCK_TYPE_V5 = 529;
var PL_BLOCK_TYPE_V6 = 530;
var PL_BLOCK_TYPE_V7 = 531;
var PL_BLOCK_TYPE_V8 = 532;
var PL_BLOCK_TYPE_V9 = 533;
var FDL_BLOCK_TYPE = 515;
var FDL_BLOCK_TYPE_INT = 2147593165;
var FDL_BLOCK_TYPE_V2 = 536;
var EV_BLOCK_TYPE = 516;
var EV_BLOCK_TYPE_INT = 2148576205;
var EV_BLOCK_TYPE_V2 = 534;
var EV_BLOCK_TYPE_V2_LARGE = 545;
var EVF_BLOCK_TYPE = 520;
var EVF_BLOCK_TYPE_V2 = 535;
var EVF_BLOCK_TYPE_V2_LARGE = 546;
var IL_BLOCK_TYPE = 517;
var IL_BLOCK_TYPE_INT = 2148641741;
var IL_BLOCK_TYPE_V2 = 537;
var UL_BLOCK_TYPE = 518;
var UL_BLOCK_TYPE_INT = 2148707277;
var UL_BLOCK_TYPE_V2 = 544;
var PCAPNG_BLOCK_TYPES = /* @__PURE__ */ new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2989, 1073744813]);
var PROCESS_LIST_VERSION = /* @__PURE__ */ new Map([
  [PL_BLOCK_TYPE_V1, 1],
  [PL_BLOCK_TYPE_V1_INT, 1],
  [PL_BLOCK_TYPE_V2, 2],
  [PL_BLOCK_TYPE_V2_INT, 2],
  [PL_BLOCK_TYPE_V3, 3],
  [PL_BLOCK_TYPE_V3_INT, 3],
  [PL_BLOCK_TYPE_V4, 4],
  [PL_BLOCK_TYPE_V5, 5],
  [PL_BLOCK_TYPE_V6, 6],
  [PL_BLOCK_TYPE_V7, 7],
  [PL_BLOCK_TYPE_V8, 8],
  [PL_BLOCK_TYPE_V9, 9]
]);
var EVENT_BLOCK_KINDS = /* @__PURE__ */ new Map([
  [EV_BLOCK_TYPE, { hasNparams: false, hasFlags: false, large: false }],
  [EV_BLOCK_TYPE_INT, { hasNparams: false, hasFlags: false, large: false }],
  [EVF_BLOCK_TYPE, { hasNparams: false, hasFlags: true, large: false }],
  [EV_BLOCK_TYPE_V2, { hasNparams: true, hasFlags: false, large: false }],
  [EVF_BLOCK_TYPE_V2, { hasNparams: true, hasFlags: true, large: false }],
  [EV_BLOCK_TYPE_V2_LARGE, { hasNparams: true, hasFlags: false, large: true }],
  [EVF_BLOCK_TYPE_V2_LARGE, { hasNparams: true, hasFlags: true, large: true }]
]);
var MAX_NON_LARGE_BLOCK_SIZE = 65536;
var EVENT_HEADER_SIZE = 26;
var EVENT_HEADER_SIZE_V1 = 22;
var EVENT_HEADER_OFFSET_LEN = 16;
var EVENT_BLOCK_CPU_SIZE = 2;
var EVENT_BLOCK_FLAGS_SIZE = 4;
var SCAP_MAX_PATH_SIZE = 1024;
var SCAP_MAX_ARGS_SIZE = 4096;
var SCAP_MAX_ENV_SIZE = 4096;
var SCAP_MAX_CGROUPS_SIZE = 4096;
var SCAP_FD = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21
};
var SCAP_L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 };
var USERBLOCK_TYPE_USER = 0;
var MAX_CREDENTIALS_STR_LEN = 256;
function alignBlockLength(length) {
  return Math.ceil(length / BLOCK_ALIGNMENT) * BLOCK_ALIGNMENT;
}
var GZIP_MAGIC = [31, 139];
var SCAP_BLOCK_TYPES = /* @__PURE__ */ new Set([
  MI_BLOCK_TYPE,
  MI_BLOCK_TYPE_INT,
  ...PROCESS_LIST_VERSION.keys(),
  FDL_BLOCK_TYPE,
  FDL_BLOCK_TYPE_INT,
  FDL_BLOCK_TYPE_V2,
  ...EVENT_BLOCK_KINDS.keys(),
  IL_BLOCK_TYPE,
  IL_BLOCK_TYPE_INT,
  IL_BLOCK_TYPE_V2,
  UL_BLOCK_TYPE,
  UL_BLOCK_TYPE_INT,
  UL_BLOCK_TYPE_V2
]);

// src/scap/blocks.ts
function parseMachineInfo(buf, start, end) {
  const cursor = new Cursor(buf, start, end);
  const numCpus = cursor.u32("num_cpus");
  const memorySizeBytes = cursor.u64("memory_size_bytes");
  const maxPid = cursor.u64("max_pid");
  const hostnameBytes = cursor.bytes(MI_HOSTNAME_SIZE, "hostname");
  let hostnameEnd = hostnameBytes.indexOf(0);
  if (hostnameEnd < 0) hostnameEnd = hostnameBytes.length;
  const hostname = Buffer.from(hostnameBytes.subarray(0, hostnameEnd)).toString("utf8");
  const bootTsEpoch = cursor.remaining() >= 8 ? cursor.u64("boot_ts_epoch") : void 0;
  return { numCpus, memorySizeBytes, maxPid, hostname, bootTsEpoch };
}
function parseProcessList(buf, start, end, version2, onThread) {
  const cursor = new Cursor(buf, start, end);
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = end;
    if (version2 >= 9) {
      const subLength = cursor.u32("entry length");
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`process entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const tid = cursor.i64("tid");
    const pid = cursor.i64("pid");
    const ptid = cursor.i64("ptid");
    if (version2 >= 6) cursor.skip(8, "sid");
    if (version2 >= 8) cursor.skip(8, "vpgid");
    const comm = cursor.str16("comm", SCAP_MAX_PATH_SIZE);
    const exe = cursor.str16("exe", SCAP_MAX_PATH_SIZE);
    const exepath = version2 >= 7 ? cursor.str16("exepath", SCAP_MAX_PATH_SIZE) : "";
    const argsBytes = cursor.bytes16("args", SCAP_MAX_ARGS_SIZE);
    const cwd = cursor.str16("cwd", SCAP_MAX_PATH_SIZE);
    cursor.skip(8, "fdlimit");
    cursor.skip(4, "flags");
    const uid = cursor.u32("uid");
    const gid = cursor.u32("gid");
    let vpid = pid;
    let containerId = "host";
    if (version2 >= 2) {
      cursor.skip(4 + 4 + 4 + 8 + 8, "memory counters");
      if (version2 >= 3) cursor.bytes16("env", SCAP_MAX_ENV_SIZE);
      if (version2 >= 4) {
        cursor.skip(8, "vtid");
        const virtualPid = cursor.i64("vpid");
        if (virtualPid >= 0) vpid = virtualPid;
        containerId = containerIdFromCgroupBytes(cursor.bytes16("cgroups", SCAP_MAX_CGROUPS_SIZE));
        if (version2 >= 5) cursor.str16("root", SCAP_MAX_PATH_SIZE);
      }
    }
    let loginuid = -1;
    if (version2 >= 9) {
      if (cursor.remaining() > 29) {
        if (cursor.remaining() >= 8) cursor.skip(8, "pidns_init_start_ts");
        if (cursor.remaining() >= 4) cursor.skip(4, "tty");
      }
      if (cursor.remaining() >= 4) {
        const value = cursor.u32("loginuid");
        loginuid = value === 4294967295 ? -1 : value;
      }
      cursor.pos = entryEnd;
      cursor.end = end;
    }
    onThread({
      tid,
      pid,
      ptid,
      comm,
      exe,
      exepath,
      args: readStringList(argsBytes, 0, argsBytes.length),
      cwd: withTrailingSlash(cwd),
      uid,
      gid,
      loginuid,
      containerId,
      vpid,
      startTs: 0n
    });
  }
}
function withTrailingSlash(path) {
  return path.endsWith("/") ? path : `${path}/`;
}
var L4_NAMES = {
  [SCAP_L4.TCP]: "tcp",
  [SCAP_L4.UDP]: "udp",
  [SCAP_L4.ICMP]: "icmp",
  [SCAP_L4.RAW]: "raw"
};
var FD_KINDS = {
  [SCAP_FD.FILE]: { kind: "file", typechar: "f" },
  [SCAP_FD.FILE_V2]: { kind: "file", typechar: "f" },
  [SCAP_FD.DIRECTORY]: { kind: "directory", typechar: "d" },
  [SCAP_FD.IPV4_SOCK]: { kind: "ipv4", typechar: "4" },
  [SCAP_FD.IPV4_SERVSOCK]: { kind: "ipv4", typechar: "4" },
  [SCAP_FD.IPV6_SOCK]: { kind: "ipv6", typechar: "6" },
  [SCAP_FD.IPV6_SERVSOCK]: { kind: "ipv6", typechar: "6" },
  [SCAP_FD.FIFO]: { kind: "pipe", typechar: "p" },
  [SCAP_FD.UNIX_SOCK]: { kind: "unix", typechar: "u" },
  [SCAP_FD.EVENT]: { kind: "event", typechar: "e" },
  [SCAP_FD.SIGNALFD]: { kind: "signalfd", typechar: "s" },
  [SCAP_FD.EVENTPOLL]: { kind: "eventpoll", typechar: "l" },
  [SCAP_FD.INOTIFY]: { kind: "inotify", typechar: "i" },
  [SCAP_FD.TIMERFD]: { kind: "timerfd", typechar: "t" },
  [SCAP_FD.NETLINK]: { kind: "netlink", typechar: "n" },
  [SCAP_FD.BPF]: { kind: "bpf", typechar: "b" },
  [SCAP_FD.USERFAULTFD]: { kind: "userfaultfd", typechar: "u" },
  [SCAP_FD.IOURING]: { kind: "io_uring", typechar: "r" },
  [SCAP_FD.MEMFD]: { kind: "memfd", typechar: "m" },
  [SCAP_FD.PIDFD]: { kind: "pidfd", typechar: "o" },
  [SCAP_FD.UNSUPPORTED]: { kind: "unknown", typechar: "o" }
};
function tupleName(client, server) {
  return `${client.ip}:${client.port}->${server.ip}:${server.port}`;
}
function hex64(buf, off) {
  const lo = readUint32(buf, off);
  const hi = readUint32(buf, off + 4);
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, "0");
}
function parseFdList(buf, start, end, blockType, onFd) {
  const cursor = new Cursor(buf, start, end);
  const tid = cursor.i64("tid");
  const hasLength = blockType === FDL_BLOCK_TYPE_V2;
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = -1;
    if (hasLength) {
      const subLength = cursor.u32("entry length");
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`fd entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const num = cursor.i64("fd");
    cursor.skip(8, "ino");
    const type = cursor.u8("type");
    const fd = readFdEntry(cursor, num, type, hasLength);
    if (fd === void 0) return;
    if (entryEnd >= 0) {
      cursor.pos = entryEnd;
      cursor.end = end;
    }
    onFd(tid, fd);
  }
}
function readFdEntry(cursor, num, type, hasLength) {
  const kind = FD_KINDS[type];
  switch (type) {
    case SCAP_FD.IPV4_SOCK: {
      const sip = ipv4ToString(cursor.bytes(4, "sip"), 0);
      const dip = ipv4ToString(cursor.bytes(4, "dip"), 0);
      const sport = cursor.u16("sport");
      const dport = cursor.u16("dport");
      const l4proto = L4_NAMES[cursor.u8("l4proto")] ?? "unknown";
      const client = { ip: sip, port: sport };
      const server = { ip: dip, port: dport };
      return { num, kind: "ipv4", typechar: "4", name: tupleName(client, server), l4proto, client, server };
    }
    case SCAP_FD.IPV6_SOCK: {
      const sipBytes = cursor.bytes(16, "sip");
      const dipBytes = cursor.bytes(16, "dip");
      const sport = cursor.u16("sport");
      const dport = cursor.u16("dport");
      const l4proto = L4_NAMES[cursor.u8("l4proto")] ?? "unknown";
      const mapped = isIpv4Mapped(sipBytes, 0) && isIpv4Mapped(dipBytes, 0);
      const client = { ip: mapped ? ipv4ToString(sipBytes, 12) : ipv6ToString(sipBytes, 0), port: sport };
      const server = { ip: mapped ? ipv4ToString(dipBytes, 12) : ipv6ToString(dipBytes, 0), port: dport };
      return { num, kind: mapped ? "ipv4" : "ipv6", typechar: mapped ? "4" : "6", name: tupleName(client, server), l4proto, client, server };
    }
    case SCAP_FD.IPV4_SERVSOCK: {
      const ip = ipv4ToString(cursor.bytes(4, "ip"), 0);
      const port = cursor.u16("port");
      const l4proto = L4_NAMES[cursor.u8("l4proto")] ?? "unknown";
      return { num, kind: "ipv4", typechar: "4", name: `${ip}:${port}`, l4proto, server: { ip, port }, role: "server" };
    }
    case SCAP_FD.IPV6_SERVSOCK: {
      const ip = ipv6ToString(cursor.bytes(16, "ip"), 0);
      const port = cursor.u16("port");
      const l4proto = L4_NAMES[cursor.u8("l4proto")] ?? "unknown";
      return { num, kind: "ipv6", typechar: "6", name: `${ip}:${port}`, l4proto, server: { ip, port }, role: "server" };
    }
    case SCAP_FD.UNIX_SOCK: {
      const pointers = cursor.bytes(16, "unix endpoints");
      const path = cursor.str16("unix path", SCAP_MAX_PATH_SIZE);
      return { num, kind: "unix", typechar: "u", name: `${hex64(pointers, 0)}->${hex64(pointers, 8)} ${path}` };
    }
    case SCAP_FD.FILE_V2: {
      const openFlags = cursor.u32("open flags");
      const name = cursor.str16("file name", SCAP_MAX_PATH_SIZE);
      return { num, kind: "file", typechar: "f", name, openFlags };
    }
    default:
      if (kind !== void 0) return { num, kind: kind.kind, typechar: kind.typechar, name: cursor.str16("fd name", SCAP_MAX_PATH_SIZE) };
      if (!hasLength) return void 0;
      return { num, kind: "unknown", typechar: "o", name: `unknown-type:[${type}]` };
  }
}
function parseUserList(buf, start, end, blockType, onUser) {
  const cursor = new Cursor(buf, start, end);
  const hasLength = blockType === UL_BLOCK_TYPE_V2;
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = -1;
    if (hasLength) {
      const subLength = cursor.u32("entry length");
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`user entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const type = cursor.u8("type");
    if (type === USERBLOCK_TYPE_USER) {
      const uid = cursor.u32("uid");
      const gid = cursor.u32("gid");
      const name = cursor.str16("user name", MAX_CREDENTIALS_STR_LEN - 1);
      const home = cursor.str16("home", MAX_CREDENTIALS_STR_LEN - 1);
      const shell = cursor.str16("shell", MAX_CREDENTIALS_STR_LEN - 1);
      onUser({ uid, gid, name, home, shell });
    } else {
      cursor.skip(4, "gid");
      cursor.str16("group name", MAX_CREDENTIALS_STR_LEN - 1);
    }
    if (entryEnd >= 0) {
      cursor.pos = entryEnd;
      cursor.end = end;
    }
  }
}

// src/scap/paths.ts
var AT_FDCWD = -100;
function normalizePath(path) {
  if (!path.startsWith("/")) return path;
  if (!path.includes("/.") && !path.includes("//") && (path.length === 1 || !path.endsWith("/"))) return path;
  const parts = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join("/")}`;
}
function resolvePath(base, path) {
  if (path.startsWith("/")) return normalizePath(path);
  if (base === "") return path;
  if (path === "") return normalizePath(base);
  return normalizePath(base.endsWith("/") ? base + path : `${base}/${path}`);
}

// src/scap/state.ts
var P = {
  ID: paramSlot("ID"),
  args: paramSlot("args"),
  cgroups: paramSlot("cgroups"),
  comm: paramSlot("comm"),
  cwd: paramSlot("cwd"),
  dirfd: paramSlot("dirfd"),
  domain: paramSlot("domain"),
  exe: paramSlot("exe"),
  fd: paramSlot("fd"),
  fd1: paramSlot("fd1"),
  fd2: paramSlot("fd2"),
  filename: paramSlot("filename"),
  flags: paramSlot("flags"),
  gid: paramSlot("gid"),
  id: paramSlot("id"),
  image: paramSlot("image"),
  json: paramSlot("json"),
  data: paramSlot("data"),
  loginuid: paramSlot("loginuid"),
  name: paramSlot("name"),
  oldfd: paramSlot("oldfd"),
  path: paramSlot("path"),
  pathname: paramSlot("pathname"),
  pid: paramSlot("pid"),
  proto: paramSlot("proto"),
  ptid: paramSlot("ptid"),
  res: paramSlot("res"),
  tid: paramSlot("tid"),
  trusted_exepath: paramSlot("trusted_exepath"),
  tuple: paramSlot("tuple"),
  addr: paramSlot("addr"),
  type: paramSlot("type"),
  uid: paramSlot("uid"),
  vpid: paramSlot("vpid")
};
var EXIT_KINDS = {
  clone: 1 /* Clone */,
  fork: 1 /* Clone */,
  vfork: 1 /* Clone */,
  clone3: 1 /* Clone */,
  execve: 2 /* Execve */,
  execveat: 2 /* Execve */,
  open: 4 /* Open */,
  openat: 4 /* Open */,
  openat2: 4 /* Open */,
  creat: 4 /* Open */,
  open_by_handle_at: 4 /* Open */,
  socket: 5 /* Socket */,
  connect: 6 /* Connect */,
  bind: 18 /* Bind */,
  accept: 7 /* Accept */,
  accept4: 7 /* Accept */,
  close: 8 /* Close */,
  dup: 9 /* Dup */,
  dup2: 9 /* Dup */,
  dup3: 9 /* Dup */,
  chdir: 10 /* Chdir */,
  fchdir: 11 /* Fchdir */,
  pipe: 12 /* Pipe */,
  pipe2: 12 /* Pipe */,
  socketpair: 13 /* Socketpair */,
  sendto: 14 /* SendTo */,
  sendmsg: 14 /* SendTo */,
  recvfrom: 15 /* RecvFrom */,
  recvmsg: 15 /* RecvFrom */
};
var CREATED_FD_KINDS = {
  eventfd: { kind: "event", typechar: "e" },
  eventfd2: { kind: "event", typechar: "e" },
  signalfd: { kind: "signalfd", typechar: "s" },
  signalfd4: { kind: "signalfd", typechar: "s" },
  timerfd_create: { kind: "timerfd", typechar: "t" },
  inotify_init: { kind: "inotify", typechar: "i" },
  inotify_init1: { kind: "inotify", typechar: "i" },
  epoll_create: { kind: "eventpoll", typechar: "l" },
  epoll_create1: { kind: "eventpoll", typechar: "l" },
  memfd_create: { kind: "memfd", typechar: "m" },
  bpf: { kind: "bpf", typechar: "b" },
  userfaultfd: { kind: "userfaultfd", typechar: "u" },
  io_uring_setup: { kind: "io_uring", typechar: "r" },
  pidfd_open: { kind: "pidfd", typechar: "o" },
  pidfd_getfd: { kind: "unknown", typechar: "o" }
};
var STATE_KINDS = (() => {
  const kinds = new Uint8Array(EVENT_TABLE.length);
  for (const info of EVENT_TABLE) {
    if (info.name === "procexit" && info.dir === ">") kinds[info.code] = 3 /* Procexit */;
    else if ((info.name === "container" || info.name === "asyncevent") && info.dir === ">") kinds[info.code] = 17 /* Container */;
    else if (info.dir === "<") {
      const kind = EXIT_KINDS[info.name];
      if (kind !== void 0) kinds[info.code] = kind;
      else if ((info.flags & EF.CREATES_FD) !== 0 && CREATED_FD_KINDS[info.name] !== void 0) kinds[info.code] = 16 /* CreatesFd */;
    }
  }
  return kinds;
})();
var PPM_CL_CLONE_FILES = 1 << 0;
var PPM_CL_CLONE_PARENT = 1 << 8;
var PPM_CL_CLONE_THREAD = 1 << 13;
var PPM_EXVAT_AT_EMPTY_PATH = 1 << 0;
var EXECVEAT_E = eventCode("SYSCALL_EXECVEAT_E");
var SOCK_TYPE_MASK = 15;
var SOCK_STREAM = 1;
var SOCK_DGRAM = 2;
var SOCK_RAW = 3;
var IPPROTO_ICMP = 1;
var IPPROTO_ICMPV6 = 58;
function unixTupleName(bytes) {
  if (bytes === void 0 || bytes.length < 17) return "";
  return `${hex64(bytes, 1)}->${hex64(bytes, 9)} ${readCString(bytes, 17, bytes.length - 17)}`;
}
function socketParam(args, slot) {
  const value = args.value(slot);
  return value !== null && value !== void 0 && typeof value === "object" && "family" in value ? value : void 0;
}
function ipSocket(previous, num, tuple, role) {
  if (tuple.family !== "ipv4" && tuple.family !== "ipv6") return void 0;
  if (tuple.source === void 0 || tuple.dest === void 0) return void 0;
  let source = tuple.source;
  let dest = tuple.dest;
  let family = tuple.family;
  if (family === "ipv6") {
    const mappedSource = unmapEndpoint(source);
    const mappedDest = unmapEndpoint(dest);
    if (mappedSource !== source && mappedDest !== dest) {
      source = mappedSource;
      dest = mappedDest;
      family = "ipv4";
    }
  }
  return {
    num,
    kind: family,
    typechar: family === "ipv4" ? "4" : "6",
    name: tupleName(source, dest),
    l4proto: previous?.l4proto ?? "unknown",
    client: source,
    server: dest,
    role,
    ...previous?.openFlags !== void 0 ? { openFlags: previous.openFlags } : {}
  };
}
var CaptureState = class {
  threads = /* @__PURE__ */ new Map();
  /** fd tables by thread-group id (threads of a process share one). */
  fdTables = /* @__PURE__ */ new Map();
  containers = /* @__PURE__ */ new Map();
  users = [];
  lookupThread = (tid) => this.threads.get(tid);
  addThread(thread) {
    this.threads.set(thread.tid, thread);
  }
  /** Seeds an fd from an fd list block (the block names a thread; its process owns the table). */
  addListedFd(tid, fd) {
    const pid = this.threads.get(tid)?.pid ?? tid;
    this.fdTableFor(pid).set(fd.num, fd);
  }
  fdTableFor(pid) {
    let table2 = this.fdTables.get(pid);
    if (table2 === void 0) {
      table2 = /* @__PURE__ */ new Map();
      this.fdTables.set(pid, table2);
    }
    return table2;
  }
  /** The process (thread group) whose fd table a thread uses; the thread itself when it is unknown. */
  processOf(tid) {
    const thread = this.threads.get(tid);
    return thread === void 0 ? tid : thread.pid;
  }
  lookupFd(tid, num) {
    return this.fdTables.get(this.processOf(tid))?.get(num);
  }
  setFd(tid, fd) {
    this.fdTableFor(this.processOf(tid)).set(fd.num, fd);
    return fd;
  }
  removeFd(tid, num) {
    this.fdTables.get(this.processOf(tid))?.delete(num);
  }
  removeThread(tid) {
    const thread = this.threads.get(tid);
    this.threads.delete(tid);
    if (thread !== void 0 && thread.tid === thread.pid) this.fdTables.delete(thread.pid);
  }
  /** The directory a relative path of this thread starts from: its cwd, or the path of dirfd. */
  baseDirectory(tid, dirfd) {
    if (dirfd === void 0 || dirfd === AT_FDCWD) return this.threads.get(tid)?.cwd ?? "";
    const fd = this.lookupFd(tid, dirfd);
    return fd === void 0 ? "" : withTrailingSlash(fd.name);
  }
  /**
   * Applies an event to the state. Returns the fd the event acts on when the handler knows it (a newly
   * opened fd, the connected socket...), undefined otherwise.
   */
  apply(kind, name, tid, ts, args) {
    switch (kind) {
      case 1 /* Clone */:
        this.applyClone(tid, ts, args);
        return void 0;
      case 2 /* Execve */:
        this.applyExecve(tid, ts, args);
        return void 0;
      case 4 /* Open */:
        return this.applyOpen(name, tid, args);
      case 5 /* Socket */:
        return this.applySocket(tid, args);
      case 6 /* Connect */:
        return this.applyConnect(tid, args);
      case 7 /* Accept */:
        return this.applyAccept(tid, args);
      case 8 /* Close */: {
        const num = args.num(P.fd);
        return num === void 0 ? void 0 : this.lookupFd(tid, num);
      }
      case 9 /* Dup */:
        return this.applyDup(tid, args);
      case 10 /* Chdir */:
        this.applyChdir(tid, args);
        return void 0;
      case 11 /* Fchdir */:
        this.applyFchdir(tid, args);
        return void 0;
      case 12 /* Pipe */:
        return this.applyPair(tid, args, { kind: "pipe", typechar: "p" });
      case 13 /* Socketpair */:
        return this.applyPair(tid, args, { kind: "unix", typechar: "u" });
      case 14 /* SendTo */:
        return this.applySendTo(tid, args);
      case 15 /* RecvFrom */:
        return this.applyRecvFrom(tid, args);
      case 16 /* CreatesFd */:
        return this.applyCreatesFd(name, tid, args);
      case 17 /* Container */:
        this.applyContainer(args);
        return void 0;
      case 18 /* Bind */:
        return this.applyBind(tid, args);
      default:
        return void 0;
    }
  }
  /** Work done after consumers saw the event: a close or a procexit takes effect. */
  afterDelivery(kind, tid, args) {
    if (kind === 8 /* Close */) {
      const res = args.num(P.res);
      const num = args.num(P.fd);
      if (num !== void 0 && (res === void 0 || res >= 0)) this.removeFd(tid, num);
    } else if (kind === 3 /* Procexit */) {
      this.removeThread(tid);
    }
  }
  applyClone(tid, ts, args) {
    const res = args.num(P.res);
    if (res === void 0 || res < 0) return;
    const flags = args.num(P.flags) ?? 0;
    const paramTid = args.num(P.tid) ?? tid;
    const paramPid = args.num(P.pid) ?? paramTid;
    const paramPtid = args.num(P.ptid) ?? 0;
    const cgroups = args.bytes(P.cgroups);
    const isThread = (flags & PPM_CL_CLONE_THREAD) !== 0;
    let childTid;
    let childPid;
    let childPtid;
    let parent;
    let vpid;
    if (res === 0) {
      childTid = paramTid;
      childPid = paramPid;
      childPtid = paramPtid;
      parent = this.threads.get(paramPtid);
      vpid = args.num(P.vpid);
      const existing = this.threads.get(childTid);
      if (existing !== void 0 && existing.startTs === ts) {
        if (vpid !== void 0 && vpid !== existing.vpid) this.threads.set(childTid, { ...existing, vpid });
        return;
      }
    } else {
      childTid = res;
      if (this.threads.get(childTid)?.startTs === ts) return;
      parent = this.threads.get(paramTid);
      childPid = isThread ? paramPid : res;
      childPtid = isThread || (flags & PPM_CL_CLONE_PARENT) !== 0 ? parent?.ptid ?? paramPtid : paramTid;
      vpid = isThread ? parent?.vpid : void 0;
    }
    const exe = args.str(P.exe) ?? parent?.exe ?? "";
    const argsBytes = args.bytes(P.args);
    const cwd = args.str(P.cwd);
    const child = {
      tid: childTid,
      pid: childPid,
      ptid: childPtid,
      comm: args.str(P.comm) ?? parent?.comm ?? exe,
      exe,
      exepath: parent?.exepath ?? "",
      args: argsBytes === void 0 ? parent?.args ?? [] : readStringList(argsBytes, 0, argsBytes.length),
      cwd: cwd !== void 0 && cwd !== "" ? withTrailingSlash(cwd) : parent?.cwd ?? "",
      uid: args.num(P.uid) ?? parent?.uid ?? -1,
      gid: args.num(P.gid) ?? parent?.gid ?? -1,
      loginuid: parent?.loginuid ?? -1,
      containerId: cgroups !== void 0 ? containerIdFromCgroupBytes(cgroups) : parent?.containerId ?? "host",
      vpid: vpid ?? childPid,
      startTs: ts
    };
    this.threads.set(childTid, child);
    if (!isThread) {
      const parentTable = this.fdTables.get(parent?.pid ?? (res === 0 ? paramPtid : paramPid));
      if ((flags & PPM_CL_CLONE_FILES) !== 0 && parentTable !== void 0) this.fdTables.set(childPid, parentTable);
      else this.fdTables.set(childPid, parentTable === void 0 ? /* @__PURE__ */ new Map() : new Map(parentTable));
    }
  }
  applyExecve(tid, ts, args) {
    const res = args.num(P.res);
    if (res === void 0 || res !== 0) return;
    const previous = this.threads.get(tid) ?? this.threads.get(args.num(P.ptid) ?? -1);
    const pid = args.num(P.pid) ?? (this.threads.has(tid) ? previous?.pid : void 0) ?? tid;
    const exe = args.str(P.exe) ?? "";
    const argsBytes = args.bytes(P.args);
    const cwdParam = args.str(P.cwd);
    const cwd = cwdParam !== void 0 && cwdParam !== "" ? withTrailingSlash(cwdParam) : previous?.cwd ?? "";
    const cgroups = args.bytes(P.cgroups);
    const loginuid = args.num(P.loginuid);
    let exepath = args.str(P.trusted_exepath) ?? "";
    const execveatPath = exepath === "" ? this.execveatPath(tid, cwd, args) : void 0;
    if (execveatPath !== void 0) exepath = execveatPath;
    else if (exepath === "") {
      const filename = args.str(P.filename) ?? args.str(P.pathname);
      if (filename !== void 0 && filename !== "" && filename !== "<NA>") exepath = resolvePath(cwd, filename);
      else if (exe.startsWith("/")) exepath = exe;
    }
    const thread = {
      tid,
      pid,
      ptid: args.num(P.ptid) ?? (this.threads.has(tid) ? previous?.ptid : void 0) ?? 0,
      comm: args.str(P.comm) ?? exe,
      exe,
      exepath,
      args: argsBytes === void 0 ? [] : readStringList(argsBytes, 0, argsBytes.length),
      cwd,
      uid: args.num(P.uid) ?? previous?.uid ?? -1,
      gid: args.num(P.gid) ?? previous?.gid ?? -1,
      loginuid: loginuid === void 0 ? previous?.loginuid ?? -1 : loginuid === 4294967295 ? -1 : loginuid,
      containerId: cgroups !== void 0 ? containerIdFromCgroupBytes(cgroups) : previous?.containerId ?? "host",
      vpid: (this.threads.has(tid) ? previous?.vpid : void 0) ?? pid,
      startTs: (this.threads.has(tid) ? previous?.startTs : void 0) ?? ts
    };
    this.threads.set(tid, thread);
    const table2 = this.fdTables.get(pid);
    if (table2 !== void 0) {
      for (const [num, fd] of table2) if (fd.openFlags !== void 0 && (fd.openFlags & PPM_O.CLOEXEC) !== 0) table2.delete(num);
    }
  }
  /**
   * The program an execveat ran, from its enter event (dirfd, pathname, flags), as libsinsp resolves
   * it: with AT_EMPTY_PATH the file dirfd refers to, else pathname, relative to dirfd (or the cwd for
   * AT_FDCWD). undefined when the exec was not an execveat; '' when dirfd is unknown.
   */
  execveatPath(tid, cwd, args) {
    if (!args.hasEnter || args.enter.info?.code !== EXECVEAT_E) return void 0;
    const dirfd = args.enterNum(P.dirfd);
    const flags = args.enterNum(P.flags) ?? 0;
    const pathname = args.enterStr(P.pathname) ?? "";
    if ((flags & PPM_EXVAT_AT_EMPTY_PATH) !== 0) {
      const fd = dirfd === void 0 ? void 0 : this.lookupFd(tid, dirfd);
      return fd === void 0 ? "" : normalizePath(fd.name);
    }
    if (pathname === "" || pathname === "<NA>") return "";
    if (pathname.startsWith("/")) return normalizePath(pathname);
    const base = dirfd === void 0 || dirfd === AT_FDCWD ? cwd : this.baseDirectory(tid, dirfd);
    return base === "" ? "" : resolvePath(base, pathname);
  }
  applyOpen(name, tid, args) {
    const num = args.num(P.fd);
    if (num === void 0 || num < 0) return void 0;
    let flags;
    let path;
    if (name === "creat") {
      flags = PPM_O.CREAT | PPM_O.WRONLY | PPM_O.TRUNC;
      path = resolvePath(this.baseDirectory(tid, void 0), args.str(P.name) ?? "");
    } else if (name === "open_by_handle_at") {
      flags = args.num(P.flags) ?? 0;
      path = args.str(P.path) ?? "";
    } else {
      flags = args.num(P.flags) ?? 0;
      const dirfd = name === "open" ? void 0 : args.num(P.dirfd);
      path = resolvePath(this.baseDirectory(tid, dirfd), args.str(P.name) ?? "");
    }
    const directory = (flags & PPM_O.DIRECTORY) !== 0;
    return this.setFd(tid, { num, kind: directory ? "directory" : "file", typechar: directory ? "d" : "f", name: path, openFlags: flags });
  }
  applySocket(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0 || num < 0) return void 0;
    const domain = args.num(P.domain) ?? -1;
    const type = (args.num(P.type) ?? 0) & SOCK_TYPE_MASK;
    const proto = args.num(P.proto) ?? 0;
    let fd;
    if (domain === PPM_AF.INET || domain === PPM_AF.INET6) {
      let l4proto = "unknown";
      if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) l4proto = "icmp";
      else if (type === SOCK_STREAM) l4proto = "tcp";
      else if (type === SOCK_DGRAM) l4proto = "udp";
      else if (type === SOCK_RAW) l4proto = "raw";
      const v4 = domain === PPM_AF.INET;
      fd = { num, kind: v4 ? "ipv4" : "ipv6", typechar: v4 ? "4" : "6", name: "", l4proto };
    } else if (domain === PPM_AF.UNIX) {
      fd = { num, kind: "unix", typechar: "u", name: "" };
    } else if (domain === PPM_AF.NETLINK) {
      fd = { num, kind: "netlink", typechar: "n", name: "" };
    } else {
      fd = { num, kind: "unknown", typechar: "o", name: "" };
    }
    return this.setFd(tid, fd);
  }
  applyConnect(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0) return void 0;
    const previous = this.lookupFd(tid, num);
    const tuple = socketParam(args, P.tuple);
    if (tuple === void 0) return previous;
    const next = tuple.family === "unix" ? { num, kind: "unix", typechar: "u", name: unixTupleName(args.bytes(P.tuple)), role: "client" } : ipSocket(previous, num, tuple, "client");
    if (next === void 0) return previous;
    const res = args.num(P.res);
    return res === 0 || res === -EINPROGRESS ? this.setFd(tid, next) : next;
  }
  /** A bound IP socket is named by its local address ("0.0.0.0:8080"), a unix one by its path. */
  applyBind(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0) return void 0;
    const previous = this.lookupFd(tid, num);
    if (args.num(P.res) !== 0) return previous;
    const addr = socketParam(args, P.addr);
    if (addr === void 0) return previous;
    if (addr.family === "unix") return this.setFd(tid, { num, kind: "unix", typechar: "u", name: addr.path, role: "server" });
    if (addr.family !== "ipv4" && addr.family !== "ipv6" || addr.dest === void 0) return previous;
    const local = unmapEndpoint(addr.dest);
    const v4 = addr.family === "ipv4" || local !== addr.dest;
    return this.setFd(tid, {
      num,
      kind: v4 ? "ipv4" : "ipv6",
      typechar: v4 ? "4" : "6",
      name: `${local.ip}:${local.port}`,
      l4proto: previous?.l4proto ?? "unknown",
      server: local,
      role: "server"
    });
  }
  applyAccept(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0 || num < 0) return void 0;
    const tuple = socketParam(args, P.tuple);
    if (tuple !== void 0) {
      if (tuple.family === "unix") return this.setFd(tid, { num, kind: "unix", typechar: "u", name: unixTupleName(args.bytes(P.tuple)), role: "server" });
      const next = ipSocket({ num, kind: "ipv4", typechar: "4", name: "", l4proto: "tcp" }, num, tuple, "server");
      if (next !== void 0) return this.setFd(tid, next);
    }
    return this.setFd(tid, { num, kind: "unknown", typechar: "o", name: "" });
  }
  applyDup(tid, args) {
    const res = args.num(P.res);
    if (res === void 0 || res < 0) return void 0;
    const oldfd = args.num(P.oldfd) ?? args.num(P.fd);
    if (oldfd === void 0) return void 0;
    const source = this.lookupFd(tid, oldfd);
    if (source === void 0) {
      this.removeFd(tid, res);
      return void 0;
    }
    return this.setFd(tid, { ...source, num: res });
  }
  setCwd(tid, cwd) {
    const thread = this.threads.get(tid);
    if (thread === void 0) return;
    const next = withTrailingSlash(cwd);
    this.threads.set(tid, { ...thread, cwd: next });
    const main = thread.pid !== tid ? this.threads.get(thread.pid) : void 0;
    if (main !== void 0) this.threads.set(main.tid, { ...main, cwd: next });
  }
  applyChdir(tid, args) {
    if (args.num(P.res) !== 0) return;
    const path = args.str(P.path);
    if (path === void 0) return;
    this.setCwd(tid, resolvePath(this.threads.get(tid)?.cwd ?? "", path));
  }
  applyFchdir(tid, args) {
    if (args.num(P.res) !== 0) return;
    const num = args.num(P.fd);
    const fd = num === void 0 ? void 0 : this.lookupFd(tid, num);
    if (fd !== void 0) this.setCwd(tid, fd.name);
  }
  applyPair(tid, args, kind) {
    const res = args.num(P.res);
    if (res !== void 0 && res < 0) return void 0;
    const first = args.num(P.fd1);
    const second = args.num(P.fd2);
    let created;
    for (const num of [first, second]) {
      if (num === void 0 || num < 0) continue;
      created = this.setFd(tid, { num, kind: kind.kind, typechar: kind.typechar, name: "" });
    }
    return created;
  }
  applySendTo(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0) return void 0;
    const previous = this.lookupFd(tid, num);
    if (previous === void 0 || previous.kind !== "ipv4" && previous.kind !== "ipv6" || previous.l4proto === "tcp") return previous;
    const tuple = socketParam(args, P.tuple);
    if (tuple === void 0) return previous;
    const next = ipSocket(previous, num, tuple, "client");
    if (next === void 0 || next.name === previous.name) return previous;
    return this.setFd(tid, next);
  }
  /**
   * recvfrom/recvmsg name a datagram (or still unnamed) IP socket by the sender, as libsinsp does: the
   * exit event's tuple runs sender -> local end. A socket that has no role yet gets one by libsinsp's
   * guess (a server if its process has a socket bound to the local port, else a client), and the name
   * runs client -> server either way.
   */
  applyRecvFrom(tid, args) {
    const num = args.num(P.fd);
    if (num === void 0) return void 0;
    const previous = this.lookupFd(tid, num);
    if (previous === void 0 || previous.kind !== "ipv4" && previous.kind !== "ipv6") return previous;
    if (previous.name !== "" && previous.l4proto === "tcp") return previous;
    const res = args.num(P.res);
    if (res === void 0 || res < 0) return previous;
    const tuple = socketParam(args, P.tuple);
    if (tuple === void 0) return previous;
    if (tuple.family !== "ipv4" && tuple.family !== "ipv6" || tuple.source === void 0 || tuple.dest === void 0) return previous;
    const role = previous.role ?? (this.boundToPort(tid, tuple.dest.port) ? "server" : "client");
    const oriented = role === "server" ? tuple : { family: tuple.family, source: tuple.dest, dest: tuple.source };
    const next = ipSocket(previous, num, oriented, role);
    if (next === void 0 || next.name === previous.name && next.role === previous.role) return previous;
    return this.setFd(tid, next);
  }
  /** Whether the thread's process holds a socket bound (or accepting) on this local port. */
  boundToPort(tid, port) {
    const table2 = this.fdTables.get(this.processOf(tid));
    if (table2 === void 0) return false;
    for (const fd of table2.values()) if (fd.role === "server" && fd.server?.port === port) return true;
    return false;
  }
  applyCreatesFd(name, tid, args) {
    const num = args.num(P.fd) ?? args.num(P.res);
    const kind = CREATED_FD_KINDS[name];
    if (num === void 0 || num < 0 || kind === void 0) return void 0;
    const memfdName = name === "memfd_create" ? `memfd:${args.str(P.name) ?? ""}` : "";
    return this.setFd(tid, { num, kind: kind.kind, typechar: kind.typechar, name: memfdName });
  }
  applyContainer(args) {
    const asyncName = args.info?.name === "asyncevent" ? args.str(P.name) : void 0;
    if (args.info?.name === "asyncevent" && asyncName !== "container") return;
    const json = asyncName === "container" ? args.str(P.data) : args.str(P.json);
    let info;
    if (json !== void 0) info = containerFromJson(json);
    else {
      const id = args.str(P.id);
      if (id !== void 0) {
        info = { id, name: args.str(P.name) ?? "", image: args.str(P.image) ?? "" };
        const type = args.num(P.type);
        if (type !== void 0) info.type = containerTypeName(type);
      }
    }
    if (info !== void 0) this.containers.set(info.id, info);
  }
};

// src/scap/reader.ts
var RESYNC_SCAN_LIMIT = 64 * 1024 * 1024;
var DAMAGED_REGIONS_LISTED = 100;
var MAX_BLOCK_SIZE = 256 * 1024 * 1024;
var READ_BUFFER_SIZE = 512 * 1024;
var FILE_STREAM_CHUNK_SIZE = 1024 * 1024;
var GENERIC_CODES = /* @__PURE__ */ new Set([PPME["GENERIC_E"], PPME["GENERIC_X"]]);
var EXECVEAT_E2 = eventCode("SYSCALL_EXECVEAT_E");
var EXECVE_EXITS_AFTER_EXECVEAT = [eventCode("SYSCALL_EXECVE_18_X"), eventCode("SYSCALL_EXECVE_19_X")];
var GENERIC_E = PPME["GENERIC_E"];
var GENERIC_X = PPME["GENERIC_X"];
var NOTIFICATION_E = PPME["NOTIFICATION_E"];
var INFRASTRUCTURE_EVENT_E = PPME["INFRASTRUCTURE_EVENT_E"];
function wantsGeneric(eventNames) {
  if (eventNames.has("syscall")) return true;
  const ownNames = new Set(EVENT_TABLE.filter((info) => !GENERIC_CODES.has(info.code)).map((info) => info.name));
  return SYSCALL_NAMES.some((name) => eventNames.has(name) && !ownNames.has(name));
}
function buildWants(eventNames, direction) {
  const wants = new Uint8Array(EVENT_CODE_MAX);
  const generic = eventNames !== void 0 && wantsGeneric(eventNames);
  for (const info of EVENT_TABLE) {
    let want = 0;
    const nameWanted = eventNames === void 0 || eventNames.has(info.name) || generic && GENERIC_CODES.has(info.code);
    if (nameWanted && (direction === void 0 || direction === info.dir)) want |= 1 /* Deliver */;
    if (STATE_KINDS[info.code] !== 0 /* None */) want |= 2 /* State */;
    wants[info.code] = want;
  }
  for (const info of EVENT_TABLE) {
    if (info.dir === ">" && info.code + 1 < EVENT_CODE_MAX && wants[info.code + 1] !== 0) wants[info.code] = wants[info.code] | 4 /* KeepEnter */;
  }
  if (EXECVE_EXITS_AFTER_EXECVEAT.some((code) => wants[code] !== 0)) wants[EXECVEAT_E2] = wants[EXECVEAT_E2] | 4 /* KeepEnter */;
  return wants;
}
var Damage = class extends Error {
};
var SHB_TYPE_I32 = SHB_BLOCK_TYPE | 0;
var EV_V1_I32 = EV_BLOCK_TYPE | 0;
var EV_INT_I32 = EV_BLOCK_TYPE_INT | 0;
var EV_V2_I32 = EV_BLOCK_TYPE_V2 | 0;
var EV_V2_LARGE_I32 = EV_BLOCK_TYPE_V2_LARGE | 0;
var EVF_V1_I32 = EVF_BLOCK_TYPE | 0;
var EVF_V2_I32 = EVF_BLOCK_TYPE_V2 | 0;
var EVF_V2_LARGE_I32 = EVF_BLOCK_TYPE_V2_LARGE | 0;
var V1_LENGTH_EXCESS = -3;
var NO_BYTES2 = new Uint8Array(0);
var NO_WORDS = new Int32Array(0);
var NO_HALVES = new Uint16Array(0);
var HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function wordAt(buf, words, pos) {
  if ((pos & 3) === 0 && words.length !== 0) return words[pos >> 2];
  return buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16 | buf[pos + 3] << 24;
}
function halfAt(buf, halves, pos) {
  if ((pos & 1) === 0 && halves.length !== 0) return halves[pos >> 1];
  return buf[pos] | buf[pos + 1] << 8;
}
function blockHeaderAt(buf, pos, length) {
  if (length - pos < BLOCK_HEADER_SIZE) return true;
  const type = readUint32(buf, pos);
  const total = readUint32(buf, pos + 4);
  return (type === SHB_BLOCK_TYPE || SCAP_BLOCK_TYPES.has(type)) && total >= BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE && total <= MAX_BLOCK_SIZE && (total & 3) === 0;
}
function lengthByEvent(buf, pos, length) {
  const kind = EVENT_BLOCK_KINDS.get(readUint32(buf, pos));
  if (kind === void 0) return -1;
  const evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + (kind.hasFlags ? EVENT_BLOCK_FLAGS_SIZE : 0);
  if (evOff + EVENT_HEADER_SIZE > length) return -1;
  const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
  if (evLen < (kind.hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) || evLen > MAX_BLOCK_SIZE) return -1;
  const total = alignBlockLength(evOff + evLen - pos) + BLOCK_TRAILER_SIZE;
  return pos + total <= length && readUint32(buf, pos + total - BLOCK_TRAILER_SIZE) === total ? total : -1;
}
function lengthLies(buf, pos, end, length) {
  return !blockHeaderAt(buf, end, length) && lengthByEvent(buf, pos, length) >= 0;
}
var FileSource = class {
  constructor(fd) {
    this.fd = fd;
  }
  fd;
  position = 0;
  // A synchronous read: from the page cache it is a copy, and the event loop's hop through the thread
  // pool per read left the main thread idle while the pool copied.
  async read(buf, at, want) {
    const bytesRead = readSync(this.fd, buf, at, want, this.position);
    this.position += bytesRead;
    return bytesRead;
  }
  fileBytesRead() {
    return this.position;
  }
  async close() {
    closeSync(this.fd);
  }
};
var StreamFault = class extends Error {
  /** The stream only stops short (a gzip file cut off, as when the recorder was killed): not damage. */
  cutShort;
  constructor(message, cutShort) {
    super(message);
    this.cutShort = cutShort;
  }
};
var ZLIB_INPUT_ENDS_EARLY = "Z_BUF_ERROR";
function streamFault(error) {
  if (error instanceof StreamFault) return error;
  const code = error.code;
  const message = error.message;
  if (code === ZLIB_INPUT_ENDS_EARLY) return new StreamFault(`the gzip stream ends early (${message})`, true);
  if (code?.startsWith("Z_") !== true) return new StreamFault(`the file could not be read further (${message}); anything after this point is lost`, false);
  if (/\bcheck\b/.test(message)) return new StreamFault(`the gzip stream fails its integrity check (${message}): the decompressed bytes may differ from what was recorded`, false);
  return new StreamFault(`the gzip stream is damaged (${message}): nothing after this point could be decompressed`, false);
}
var MAX_DEFLATE_EXPANSION = 1032;
var SALVAGE_PIECE_SIZE = 64;
var GZIP_TRAILER_SIZE = 8;
var SALVAGE_LIMIT = 16 * 1024 * 1024;
async function salvageGzip(path, skip, zlib) {
  const first = await inflateUntilFault(path, skip, zlib, Number.POSITIVE_INFINITY);
  if (first.failedPiece === void 0 || first.failedPiece.size === 1) return first.output;
  return (await inflateUntilFault(path, skip, zlib, first.failedPiece.start)).output;
}
async function inflateUntilFault(path, skip, zlib, byteByByteFrom) {
  const gunzip2 = zlib.createGunzip({ chunkSize: 64 * 1024 });
  const kept = [];
  let produced = 0;
  let keptBytes = 0;
  let failed = false;
  let failedPiece;
  gunzip2.on("data", (chunk) => {
    const from = Math.max(0, skip - produced);
    produced += chunk.length;
    if (from < chunk.length && keptBytes < SALVAGE_LIMIT) {
      kept.push(chunk.subarray(from));
      keptBytes += chunk.length - from;
    }
  });
  let settle;
  gunzip2.on("error", () => {
    failed = true;
    settle?.();
  });
  const settled = (start) => new Promise((resolve) => {
    settle = resolve;
    start(resolve);
  });
  let fd;
  try {
    fd = openSync(path, "r");
    const fileSize = fstatSync(fd).size;
    const input = Buffer.allocUnsafe(FILE_STREAM_CHUNK_SIZE);
    let position = 0;
    while (!failed && keptBytes < SALVAGE_LIMIT) {
      const trailer = fileSize - GZIP_TRAILER_SIZE;
      let size = Math.max(SALVAGE_PIECE_SIZE, Math.min(input.length, Math.floor((skip - produced) / MAX_DEFLATE_EXPANSION)));
      if (position >= byteByByteFrom || position >= trailer) size = 1;
      else size = Math.min(size, Math.max(1, byteByByteFrom - position), trailer - position);
      const bytesRead = readSync(fd, input, 0, size, position);
      if (bytesRead === 0) {
        await settled((done) => {
          gunzip2.once("end", done);
          gunzip2.end();
          gunzip2.resume();
        });
        break;
      }
      await settled((done) => gunzip2.write(Buffer.from(input.subarray(0, bytesRead)), () => done()));
      if (failed) failedPiece = { start: position, size: bytesRead };
      position += bytesRead;
    }
  } catch {
  } finally {
    if (fd !== void 0) closeSync(fd);
    gunzip2.destroy();
  }
  return { output: Buffer.concat(kept), failedPiece };
}
var GunzipSource = class {
  constructor(path, zlib) {
    this.path = path;
    this.zlib = zlib;
    const gunzip2 = zlib.createGunzip({ chunkSize: 1024 * 1024 });
    const fileStream = createReadStream(path, { highWaterMark: FILE_STREAM_CHUNK_SIZE });
    fileStream.on("error", (error) => gunzip2.destroy(error));
    this.fileStream = fileStream;
    this.stream = fileStream.pipe(gunzip2);
    this.chunks = this.stream[Symbol.asyncIterator]();
  }
  path;
  zlib;
  stream;
  fileStream;
  chunks;
  chunk;
  chunkPos = 0;
  /** Decompressed bytes taken from the stream so far. */
  received = 0;
  /** The fault that ended the stream, thrown once the bytes salvaged before it are handed over. */
  fault;
  fileBytesRead() {
    return this.fileStream.bytesRead;
  }
  async read(buf, at, want) {
    let copied = 0;
    while (copied < want) {
      if (this.chunk === void 0 || this.chunkPos === this.chunk.length) {
        if (copied > 0 && this.chunk !== void 0) break;
        if (this.fault !== void 0) {
          if (copied > 0) break;
          throw this.fault;
        }
        let next;
        try {
          next = await this.chunks.next();
        } catch (error) {
          this.fault = streamFault(error);
          this.chunk = await salvageGzip(this.path, this.received, this.zlib);
          this.chunkPos = 0;
          this.received += this.chunk.length;
          continue;
        }
        if (next.done === true) {
          this.chunk = void 0;
          break;
        }
        this.chunk = next.value;
        this.chunkPos = 0;
        this.received += next.value.length;
      }
      const take = Math.min(want - copied, this.chunk.length - this.chunkPos);
      this.chunk.copy(buf, at + copied, this.chunkPos, this.chunkPos + take);
      this.chunkPos += take;
      copied += take;
    }
    return copied;
  }
  async close() {
    this.stream.destroy();
  }
};
async function openSource(path) {
  let fd;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!info.isFile()) throw new ScapFormatError(path, "not a scap capture: not a regular file");
    fd = openSync(path, "r");
  } catch (error) {
    if (error instanceof ScapFormatError) throw error;
    const reason = isSystemError(error) ? systemErrorWords(error) : error.message;
    throw new ScapFormatError(path, `cannot read the file (${reason})`);
  }
  const head = new Uint8Array(4);
  let headLength;
  try {
    headLength = readSync(fd, head, 0, 4, 0);
  } catch (error) {
    closeSync(fd);
    const code = error.code;
    throw new ScapFormatError(path, `cannot read the file (${code === "EISDIR" ? "is a directory" : error.message})`);
  }
  if (headLength >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    closeSync(fd);
    return new GunzipSource(path, await Promise.resolve().then(() => (init_node_zlib(), node_zlib_exports)));
  }
  if (headLength === 0 || headLength < 4 || readUint32(head, 0) !== SHB_BLOCK_TYPE) {
    closeSync(fd);
    throw new ScapFormatError(path, headLength === 0 ? "not a scap capture: the file is empty" : "not a scap capture: it does not start with a section header block");
  }
  return new FileSource(fd);
}
async function readCaptureDetailed(path, onEvent, options = {}) {
  const source = await openSource(path);
  const reader = new BlockReader(path, onEvent, options);
  let buf = Buffer.allocUnsafeSlow(READ_BUFFER_SIZE);
  let have = 0;
  let streamOffset = 0;
  let fault;
  try {
    for (; ; ) {
      let bytesRead;
      try {
        bytesRead = await source.read(buf, have, buf.length - have);
      } catch (error) {
        fault = streamFault(error);
        break;
      }
      if (bytesRead === 0) break;
      have += bytesRead;
      reader.summary.streamBytesRead += bytesRead;
      const consumed = reader.consume(buf, have, streamOffset, false);
      options.onProgress?.(source.fileBytesRead(), reader.eventsRead);
      if (reader.stopped) break;
      streamOffset += consumed;
      const tail = have - consumed;
      const size = tail === buf.length ? Math.min(2 * buf.length, Math.max(readUint32(buf, consumed + 4), buf.length)) : buf.length;
      reader.leaveBuffer(buf);
      let next = buf;
      if (size !== buf.length || reader.deliveredFromBuffer && options.transientEvents !== true) next = Buffer.allocUnsafeSlow(size);
      reader.deliveredFromBuffer = false;
      if (next === buf) buf.copyWithin(0, consumed, have);
      else buf.copy(next, 0, consumed, have);
      buf = next;
      have = tail;
    }
  } finally {
    await source.close();
  }
  if (fault !== void 0 && !reader.sawHeader) {
    throw new ScapFormatError(path, `not a scap capture: ${fault.message}`);
  }
  if (!reader.sawHeader && !reader.stopped) {
    throw new ScapFormatError(path, "not a scap capture: the file ends inside its section header");
  }
  if (!reader.stopped) reader.end(buf, have, streamOffset, fault);
  reader.finish();
  return reader.summary;
}
var BlockReader = class {
  constructor(path, onEvent, options) {
    this.path = path;
    this.onEvent = onEvent;
    this.eventNames = options.eventNames;
    this.reusableEvent = options.transientEvents === true ? new CapturedEvent() : void 0;
    this.wants = buildWants(options.eventNames, options.direction);
    this.deliveryConditions = EVENT_TABLE.map((info) => options.deliverOnlyIf?.get(info.name));
    this.summary = {
      path,
      events: 0,
      firstEventTs: void 0,
      lastEventTs: void 0,
      truncated: void 0,
      damage: void 0,
      containers: [],
      users: this.state.users,
      machine: void 0,
      warnings: [],
      sectionOptions: false,
      streamBytesRead: 0
    };
  }
  path;
  onEvent;
  summary;
  state = new CaptureState();
  wants;
  /** Per event code: deliver only when this accepts the event's fd (deliverOnlyIf). */
  deliveryConditions;
  args = new EventArgs();
  /** Per event code: the parameter count the last v1 event of that code had (-1: none yet). */
  v1Counts = new Int8Array(EVENT_CODE_MAX).fill(-1);
  kept = /* @__PURE__ */ new Map();
  /** Position of the enter event paired with the current exit event. */
  enterOff = 0;
  enterLen = 0;
  enterHeaderSize = 0;
  sawHeader = false;
  /** Reading ended early: resynchronisation gave up (see RESYNC_SCAN_LIMIT). */
  stopped = false;
  /** A metadata block of a scap capture was seen (a pcapng file has none). */
  sawScapMetadata = false;
  /** While the reader looks for the next valid block after damage: the open region; else undefined. */
  lost;
  /** The damaged region whose first dated event after it is still to come. */
  undatedRegion;
  /** summary.firstEventTs and the last event time when the last damage began (the dating restarts after damage). */
  firstTsBeforeLoss;
  lastTsBeforeLoss;
  events = 0;
  /** Events read so far (what a progress display shows while reading). */
  get eventsRead() {
    return this.events;
  }
  lastTsBuf;
  lastTsOff = 0;
  /** The buffer `words` and `halves` view. */
  viewed = void 0;
  words = NO_WORDS;
  halves = NO_HALVES;
  eventNames;
  /** An event handed to the consumer points into the current read buffer. */
  deliveredFromBuffer = false;
  /** With transientEvents, one event object serves every delivery (no object per event). */
  reusableEvent;
  /** The read buffer is about to be overwritten or dropped: what must outlive it is copied out. */
  leaveBuffer(buf) {
    for (const kept of this.kept.values()) {
      if (kept.buf !== buf) continue;
      kept.buf = kept.code >= 0 ? Buffer.from(buf.subarray(kept.off, kept.off + kept.len)) : NO_BYTES2;
      kept.off = 0;
    }
    if (this.lastTsBuf === buf) {
      this.lastTsBuf = Buffer.from(buf.subarray(this.lastTsOff, this.lastTsOff + 8));
      this.lastTsOff = 0;
    }
  }
  /**
   * Processes the complete blocks in buf[start..length); returns the position up to which the bytes are
   * consumed. `atEnd`: no bytes follow these (the end of the stream), so an incomplete block is either
   * the end of a capture cut short or a length that lies.
   */
  consume(buf, length, baseOffset, atEnd, start = 0) {
    if (this.viewed !== buf) this.view(buf);
    let pos = start;
    for (; ; ) {
      if (this.lost !== void 0) {
        pos = this.resynchronise(buf, pos, length, baseOffset, atEnd);
        if (this.lost !== void 0 || this.stopped) return pos;
      }
      if (length - pos < BLOCK_HEADER_SIZE) break;
      pos = this.eventRun(buf, pos, length);
      if (length - pos < BLOCK_HEADER_SIZE) break;
      const end = this.nextBlock(buf, pos, length, baseOffset, atEnd);
      if (end >= 0) {
        pos = end;
        continue;
      }
      if (!atEnd) return pos;
      const followed = this.findBlock(buf, pos + 1, length, length, true) >= 0;
      if (!followed && lengthByEvent(buf, pos, length) < 0) break;
      const evidence = followed ? "valid blocks follow" : `its event ends a block of ${lengthByEvent(buf, pos, length)} bytes`;
      this.lose(baseOffset + pos, `block length ${readUint32(buf, pos + 4)} runs past the end of the capture, but ${evidence}`);
      pos++;
    }
    if (atEnd && pos < length) this.summary.truncated = { offset: baseOffset + pos };
    return pos;
  }
  /** The end of the stream: the bytes left in buf[0..length) hold no complete block. `fault`: why the stream ended early. */
  end(buf, length, baseOffset, fault) {
    this.consume(buf, length, baseOffset, true);
    if (fault === void 0 || this.stopped) return;
    if (fault.cutShort) {
      this.summary.truncated ??= { offset: baseOffset + length };
      return;
    }
    const truncated = this.summary.truncated;
    this.summary.truncated = void 0;
    this.lose(truncated?.offset ?? baseOffset + length, fault.message);
    this.found(void 0, baseOffset + length);
  }
  /**
   * After damage: scans buf[pos..length) for the next valid block (findBlock), closing the damaged region
   * there. Returns where reading goes on, or where the scan must wait for more bytes.
   */
  resynchronise(buf, pos, length, baseOffset, atEnd) {
    const region = this.lost;
    const limit = region.offset + RESYNC_SCAN_LIMIT - baseOffset;
    const at = this.findBlock(buf, pos, Math.min(limit, length), length, atEnd);
    if (at >= 0) {
      if (length - at >= readUint32(buf, at + 4)) this.found(baseOffset + at, baseOffset + at);
      return at;
    }
    const scanned = atEnd ? length : Math.max(pos, length - (BLOCK_HEADER_SIZE - 1));
    if (limit < scanned || limit === scanned && !atEnd) {
      this.found(void 0, baseOffset + limit);
      this.summary.damage.stoppedAt = baseOffset + limit;
      this.stopped = true;
      return limit;
    }
    if (atEnd) this.found(void 0, baseOffset + length);
    return scanned;
  }
  /**
   * The first position in buf[from..to) where a valid block starts: a known scap block type, a
   * plausible length (a multiple of 4, within the limits), the same length in its trailer and, for an
   * event block, an event length that fills the body. A position whose header is plausible but whose
   * block is not complete is returned too, unless `complete` asks for complete blocks only. -1: none.
   */
  findBlock(buf, from, to, length, complete) {
    for (let pos = from; pos < to && length - pos >= BLOCK_HEADER_SIZE; pos++) {
      const type = readUint32(buf, pos);
      if ((type & 4294967040) !== 512 && (type & 65535) !== 43981) continue;
      if (!SCAP_BLOCK_TYPES.has(type)) continue;
      const total = readUint32(buf, pos + 4);
      const kind = EVENT_BLOCK_KINDS.get(type);
      const maxTotal = kind !== void 0 && !kind.large ? MAX_NON_LARGE_BLOCK_SIZE : MAX_BLOCK_SIZE;
      if (total < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || total > maxTotal || (total & 3) !== 0) continue;
      if (length - pos < total) {
        if (complete) continue;
        return pos;
      }
      if (readUint32(buf, pos + total - BLOCK_TRAILER_SIZE) !== total) continue;
      if (kind !== void 0) {
        const evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + (kind.hasFlags ? EVENT_BLOCK_FLAGS_SIZE : 0);
        const headerSize = kind.hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1;
        const bodyEnd = pos + total - BLOCK_TRAILER_SIZE;
        if (evOff + headerSize > bodyEnd) continue;
        const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
        const padding = bodyEnd - (evOff + evLen);
        if (evLen < headerSize || padding < (kind.hasNparams ? 0 : V1_LENGTH_EXCESS)) continue;
        if (padding >= BLOCK_ALIGNMENT && lengthLies(buf, pos, pos + total, length)) continue;
      }
      return pos;
    }
    return -1;
  }
  /** Damage starts at `offset`: a region opens, and the reader looks for the next valid block. */
  lose(offset, problem) {
    this.settleDating();
    const region = {
      offset,
      bytesSkipped: 0,
      resumedAt: void 0,
      problem,
      eventsBefore: this.events,
      lastEventTsBefore: this.lastTs(),
      firstEventTsAfter: void 0
    };
    const damage = this.summary.damage ??= { regions: [], regionCount: 0, bytesSkipped: 0, stoppedAt: void 0 };
    damage.regionCount++;
    if (damage.regions.length < DAMAGED_REGIONS_LISTED) damage.regions.push(region);
    this.lost = region;
    this.firstTsBeforeLoss = this.summary.firstEventTs;
    this.lastTsBeforeLoss = region.lastEventTsBefore;
    this.lastTsBuf = void 0;
    this.undatedRegion = region;
  }
  /** The open damaged region ends at `end`: reading goes on at `resumedAt` (undefined: it does not). */
  found(resumedAt, end) {
    const region = this.lost;
    region.bytesSkipped = end - region.offset;
    region.resumedAt = resumedAt;
    this.summary.damage.bytesSkipped += region.bytesSkipped;
    this.lost = void 0;
  }
  /**
   * After damage, the dating of events starts afresh (the hot loop dates the first event when nothing is
   * dated), so the first dated event after the damage lands in summary.firstEventTs: it moves to the
   * region, and the capture's own first time comes back.
   */
  settleDating() {
    const region = this.undatedRegion;
    if (region === void 0) return;
    this.undatedRegion = void 0;
    if (this.lastTsBuf === void 0) return;
    region.firstEventTsAfter = this.summary.firstEventTs;
    if (this.firstTsBeforeLoss !== void 0) this.summary.firstEventTs = this.firstTsBeforeLoss;
  }
  /** The time of the last dated event read so far. */
  lastTs() {
    return this.lastTsBuf !== void 0 ? readUint64(this.lastTsBuf, this.lastTsOff) : this.lastTsBeforeLoss;
  }
  /**
   * Processes the run of complete, well-formed event blocks that starts at buf[pos...]: unwanted ones
   * are only counted (and dated), wanted ones go to event(). Returns the position of the first block it
   * leaves to nextBlock (another block type, an incomplete or suspicious block, or any block at all when
   * the word views are unusable), which checks that block in full: this loop only ever takes the common
   * case. A wanted event whose lengths do not fit its block is left to nextBlock, which reports it.
   */
  eventRun(buf, pos, length) {
    const words = this.words;
    const halves = this.halves;
    if (!this.sawHeader || words.length === 0 || (pos & 3) !== 0) return pos;
    const wants = this.wants;
    let events = this.events;
    let lastTsOff = -1;
    let undated = this.lastTsBuf === void 0;
    while (length - pos >= BLOCK_HEADER_SIZE) {
      const word = pos >> 2;
      const type = words[word];
      const total = words[word + 1];
      let evOff;
      let hasNparams;
      if (type === EV_V2_I32 || type === EV_V1_I32) {
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        hasNparams = type === EV_V2_I32;
      } else if (type === EVF_V2_I32 || type === EVF_V1_I32) {
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        hasNparams = type === EVF_V2_I32;
      } else break;
      if (evOff + (hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) > pos + total - BLOCK_TRAILER_SIZE) break;
      if (total > MAX_NON_LARGE_BLOCK_SIZE || (total & 3) !== 0 || length - pos < total) break;
      if (words[word + (total >> 2) - 1] !== total) break;
      const padding = pos + total - BLOCK_TRAILER_SIZE - evOff - (halves[evOff + 16 >> 1] | halves[evOff + 18 >> 1] << 16);
      if (hasNparams ? padding >>> 0 >= BLOCK_ALIGNMENT : padding - V1_LENGTH_EXCESS >>> 0 > BLOCK_ALIGNMENT - 1 - V1_LENGTH_EXCESS) break;
      const code = halves[evOff + 20 >> 1];
      events++;
      if (code < EVENT_CODE_MAX && wants[code] !== 0) {
        this.events = events;
        if (!this.event(buf, pos + BLOCK_HEADER_SIZE, evOff, pos + total - BLOCK_TRAILER_SIZE, hasNparams, code)) {
          events--;
          break;
        }
      }
      const tsHigh = halves[evOff + 4 >> 1] | halves[evOff + 6 >> 1] << 16;
      if (tsHigh > 0 || tsHigh === 0 && (halves[evOff >> 1] | halves[evOff + 2 >> 1]) !== 0) {
        if (undated) {
          this.summary.firstEventTs = readUint64(buf, evOff);
          undated = false;
        }
        lastTsOff = evOff;
      }
      pos += total;
    }
    this.events = events;
    if (lastTsOff >= 0) {
      this.lastTsBuf = buf;
      this.lastTsOff = lastTsOff;
    }
    return pos;
  }
  /** Word and half-word views of the read buffer (empty when its start is misaligned or the host big-endian). */
  view(buf) {
    const usable = HOST_LITTLE_ENDIAN && (buf.byteOffset & 3) === 0;
    this.words = usable ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2) : NO_WORDS;
    this.halves = usable ? new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1) : NO_HALVES;
    this.viewed = buf;
  }
  /**
   * The block at buf[pos...]: processed when complete, returning where the next block starts; -1 when it
   * is incomplete (the caller reads more) or damaged (the reader stops).
   */
  nextBlock(buf, pos, length, baseOffset, atEnd) {
    const wants = this.wants;
    const words = this.words;
    const halves = this.halves;
    const type = wordAt(buf, words, pos);
    const total = wordAt(buf, words, pos + 4);
    let evOff = -1;
    let hasNparams = true;
    let large = false;
    switch (type) {
      case EV_V2_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        break;
      case EV_V1_I32:
      case EV_INT_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        hasNparams = false;
        break;
      case EV_V2_LARGE_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        large = true;
        break;
      case EVF_V2_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        break;
      case EVF_V2_LARGE_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        large = true;
        break;
      case EVF_V1_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        hasNparams = false;
        break;
      default:
        break;
    }
    if (!this.sawHeader) {
      const shbLength = readUint32(buf, pos + 4);
      if (type !== SHB_TYPE_I32) throw new ScapFormatError(this.path, "not a scap capture: it does not start with a section header block");
      if (shbLength < SHB_MIN_BLOCK_SIZE || shbLength > MAX_BLOCK_SIZE) throw new ScapFormatError(this.path, `not a scap capture: section header length ${shbLength} is invalid`);
    } else if (total < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || total > (evOff >= 0 && !large ? MAX_NON_LARGE_BLOCK_SIZE : MAX_BLOCK_SIZE) || (total & 3) !== 0) {
      this.lose(baseOffset + pos, `block of type 0x${(type >>> 0).toString(16)} has an impossible length ${total >>> 0}`);
      return pos + 1;
    }
    if (length - pos < total) return -1;
    const end = pos + total;
    const trailer = wordAt(buf, words, end - 4);
    if (trailer !== total) {
      if (!this.sawHeader) throw new ScapFormatError(this.path, "not a scap capture: the section header block is damaged");
      this.lose(baseOffset + pos, `block of type 0x${(type >>> 0).toString(16)} has length ${total} at its start but ${trailer >>> 0} at its end`);
      return pos + 1;
    }
    if (evOff >= 0) {
      const bodyEnd = end - BLOCK_TRAILER_SIZE;
      if (evOff + (hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) > bodyEnd) {
        this.skipDamagedBlock(baseOffset + pos, total, `event block of ${total} bytes is too short for an event header`);
        return end;
      }
      const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
      const padding = bodyEnd - evOff - evLen;
      if (padding >= BLOCK_ALIGNMENT && length - end < BLOCK_HEADER_SIZE && !atEnd) return -1;
      if (padding < (hasNparams ? 0 : V1_LENGTH_EXCESS) || padding >= BLOCK_ALIGNMENT && lengthLies(buf, pos, end, length)) {
        this.lose(baseOffset + pos, `event length ${evLen} does not match its block of ${total} bytes`);
        return pos + 1;
      }
      const code = halfAt(buf, halves, evOff + 20);
      this.events++;
      if (code < EVENT_CODE_MAX && wants[code] !== 0 && !this.event(buf, pos + BLOCK_HEADER_SIZE, evOff, bodyEnd, hasNparams, code)) {
        this.events--;
        this.skipDamagedBlock(baseOffset + pos, total, this.eventProblem(buf, evOff, bodyEnd, code));
        return end;
      }
      const tsHigh = halfAt(buf, halves, evOff + 4) | halfAt(buf, halves, evOff + 6) << 16;
      if (tsHigh > 0 || tsHigh === 0 && (halfAt(buf, halves, evOff) | halfAt(buf, halves, evOff + 2)) !== 0) {
        if (this.lastTsBuf === void 0) this.summary.firstEventTs = readUint64(buf, evOff);
        this.lastTsBuf = buf;
        this.lastTsOff = evOff;
      }
      return end;
    }
    return this.otherBlock(type, buf, pos, total, baseOffset);
  }
  /** A block that is not an event (kept apart: its exception frame stays out of the per-event path). */
  otherBlock(type, buf, pos, total, baseOffset) {
    try {
      this.block(type >>> 0, buf, pos, total);
    } catch (error) {
      if (!(error instanceof Damage)) throw error;
      this.skipDamagedBlock(baseOffset + pos, total, error.message);
    }
    return pos + total;
  }
  /** Why event() refused the event at evOff (in a block whose length and trailer agree). */
  eventProblem(buf, evOff, bodyEnd, code) {
    const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
    if (evOff + evLen > bodyEnd) return `event length ${evLen} does not fit its block (${bodyEnd - evOff} bytes)`;
    return `the parameter lengths of a ${EVENT_TABLE[code].name} event do not add up to its length ${evLen}`;
  }
  /** A block whose length and trailer agree but whose content is damaged: skipped by its length. */
  skipDamagedBlock(offset, total, problem) {
    this.lose(offset, problem);
    this.found(offset + total, offset + total);
  }
  block(type, buf, pos, total) {
    const bodyStart = pos + BLOCK_HEADER_SIZE;
    const bodyEnd = pos + total - BLOCK_TRAILER_SIZE;
    if (type === SHB_BLOCK_TYPE) {
      this.sectionHeader(buf, bodyStart, total);
      return;
    }
    if (SCAP_BLOCK_TYPES.has(type)) this.sawScapMetadata = true;
    else if (PCAPNG_BLOCK_TYPES.has(type) && !this.sawScapMetadata && this.events === 0) {
      throw new ScapFormatError(this.path, "is a pcapng network capture (link-layer packets), not a sysdig/Falco scap capture");
    }
    try {
      const version2 = PROCESS_LIST_VERSION.get(type);
      if (version2 !== void 0) {
        parseProcessList(buf, bodyStart, bodyEnd, version2, (thread) => this.state.addThread(thread));
      } else if (type === FDL_BLOCK_TYPE || type === FDL_BLOCK_TYPE_INT || type === FDL_BLOCK_TYPE_V2) {
        parseFdList(buf, bodyStart, bodyEnd, type, (tid, fd) => this.state.addListedFd(tid, fd));
      } else if (type === UL_BLOCK_TYPE || type === UL_BLOCK_TYPE_INT || type === UL_BLOCK_TYPE_V2) {
        this.state.users.length = 0;
        parseUserList(buf, bodyStart, bodyEnd, type, (user) => this.state.users.push(user));
      } else if (type === MI_BLOCK_TYPE || type === MI_BLOCK_TYPE_INT) {
        this.summary.machine = parseMachineInfo(buf, bodyStart, bodyEnd);
      }
    } catch (error) {
      this.summary.warnings.push(`block of type 0x${type.toString(16)} at a damaged entry was partly skipped: ${error.message}`);
    }
  }
  /** The section header: the file's first block decides whether it is a capture; a later one that is wrong is damage. */
  sectionHeader(buf, bodyStart, total) {
    const magic = readUint32(buf, bodyStart);
    const major = readUint16(buf, bodyStart + 4);
    let problem;
    if (magic === SHB_MAGIC_SWAPPED) problem = "big-endian captures are not supported";
    else if (magic !== SHB_MAGIC) problem = `not a scap capture: bad byte-order magic 0x${magic.toString(16)}`;
    else if (major > SHB_CURRENT_MAJOR_VERSION) problem = `capture format version ${major} is newer than this reader supports`;
    if (problem !== void 0) {
      if (!this.sawHeader) throw new ScapFormatError(this.path, problem);
      throw new Damage(`a section header inside the capture is damaged (${problem})`);
    }
    if (total > SHB_MIN_BLOCK_SIZE) this.summary.sectionOptions = true;
    this.sawHeader = true;
  }
  /**
   * One wanted event: `cpuOff` is its cpu id, `evOff` the start of its header, `bodyEnd` the end of the
   * block body. Returns false when the event's length does not fit its block or its parameter lengths do
   * not add up (a damaged block; eventProblem says which).
   */
  event(buf, cpuOff, evOff, bodyEnd, hasNparams, code) {
    const headerSize = hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1;
    const want = this.wants[code];
    let evLen = readUint32(buf, evOff + 16);
    const info = EVENT_TABLE[code];
    if (!hasNparams && (code === NOTIFICATION_E || code === INFRASTRUCTURE_EVENT_E)) evLen -= 3;
    if (evLen < headerSize || evOff + evLen > bodyEnd) return false;
    const tid = readInt64Number(buf, evOff + 8);
    if (info.dir === ">" && (want & 4 /* KeepEnter */) !== 0) {
      const nparamsOrUnknown = hasNparams ? readUint32(buf, evOff + 22) : -1;
      let kept = this.kept.get(tid);
      if (kept === void 0) {
        kept = { code, buf, off: evOff, len: evLen, headerSize, nparams: nparamsOrUnknown };
        this.kept.set(tid, kept);
      } else {
        kept.code = code;
        kept.buf = buf;
        kept.off = evOff;
        kept.len = evLen;
        kept.headerSize = headerSize;
        kept.nparams = nparamsOrUnknown;
      }
    }
    if ((want & (1 /* Deliver */ | 2 /* State */)) === 0) return true;
    const nparams = hasNparams ? readUint32(buf, evOff + 22) : this.v1ParamCount(code, buf, evOff, evLen, headerSize);
    if (nparams < 0) return false;
    const lenSize = info.largePayload ? 4 : 2;
    const args = this.args;
    if (!args.exit.load(info, buf, evOff, evLen, headerSize, nparams, lenSize)) return false;
    args.hasEnter = false;
    if (info.dir === "<") {
      const kept = this.kept.get(tid);
      if (kept !== void 0 && (kept.code === code - 1 || kept.code === EXECVEAT_E2 && EXECVE_EXITS_AFTER_EXECVEAT.includes(code))) {
        const enterInfo = EVENT_TABLE[kept.code];
        const enterParams = kept.nparams >= 0 ? kept.nparams : this.v1ParamCount(kept.code, kept.buf, kept.off, kept.len, kept.headerSize);
        args.hasEnter = enterParams >= 0 && args.enter.load(enterInfo, kept.buf, kept.off, kept.len, kept.headerSize, enterParams, enterInfo.largePayload ? 4 : 2);
        this.enterOff = kept.off;
        this.enterLen = kept.len;
        this.enterHeaderSize = kept.headerSize;
        kept.code = -1;
      }
    }
    const stateKind = STATE_KINDS[code];
    const deliver = (want & 1 /* Deliver */) !== 0;
    const ts = stateKind === 1 /* Clone */ || stateKind === 2 /* Execve */ ? readUint64(buf, evOff) : 0n;
    const applies = stateKind !== 0 /* None */ && (deliver || stateKind !== 8 /* Close */);
    let fd = applies ? this.state.apply(stateKind, info.name, tid, ts, args) : void 0;
    let name = info.name;
    if (code === GENERIC_E || code === GENERIC_X) {
      name = genericEventName(args.num(P.ID) ?? 0);
      if (this.eventNames !== void 0 && !this.eventNames.has(name)) return true;
    }
    if (deliver) {
      if (fd === void 0) {
        const num = args.num(P.fd);
        if (num !== void 0) fd = this.state.lookupFd(tid, num);
      }
    }
    const condition = deliver ? this.deliveryConditions[code] : void 0;
    if (deliver && (condition === void 0 || condition(fd))) {
      const thread = this.state.threads.get(tid);
      const parent = thread === void 0 ? void 0 : this.state.threads.get(thread.ptid);
      this.deliveredFromBuffer = true;
      const enter = args.enter;
      const hasEnter = args.hasEnter;
      const event = this.reusableEvent ?? new CapturedEvent();
      this.onEvent(
        event.reset(
          this.events,
          readUint32(buf, evOff + 4),
          readUint32(buf, evOff),
          readUint16(buf, cpuOff),
          tid,
          code,
          name,
          info.dir,
          thread,
          fd,
          parent,
          this.state.lookupThread,
          buf,
          evOff,
          evLen,
          headerSize,
          nparams,
          hasEnter ? enter.info.code : -1,
          hasEnter ? enter.buf : void 0,
          this.enterOff,
          this.enterLen,
          this.enterHeaderSize,
          hasEnter ? enter.nparams : 0
        )
      );
    }
    if (stateKind === 8 /* Close */ || stateKind === 3 /* Procexit */) this.state.afterDelivery(stateKind, tid, args);
    return true;
  }
  /** The parameter count of a v1 event (deriveV1ParamCount), trying first what the last event of its type had. */
  v1ParamCount(code, buf, evOff, evLen, headerSize) {
    const count = deriveV1ParamCount(buf, evOff, evLen, headerSize, EVENT_TABLE[code].params.length, this.v1Counts[code]);
    if (count >= 0) this.v1Counts[code] = count;
    return count;
  }
  finish() {
    this.settleDating();
    this.summary.events = this.events;
    this.summary.lastEventTs = this.lastTs();
    this.summary.containers = [...this.state.containers.values()];
  }
};

// src/inventory/scope.ts
var import_ipaddr = __toESM(require_ipaddr(), 1);
function classifyAddress(ip) {
  let scope = recent.get(ip);
  if (scope === void 0) {
    scope = classify(ip);
    if (recent.size >= MAX_REMEMBERED) recent.clear();
    recent.set(ip, scope);
  }
  return scope;
}
var MAX_REMEMBERED = 4096;
var recent = /* @__PURE__ */ new Map();
function classify(ip) {
  if (!import_ipaddr.default.isValid(ip)) return "unspecified";
  let address = import_ipaddr.default.parse(ip);
  if (address.kind() === "ipv6" && address.isIPv4MappedAddress()) {
    address = address.toIPv4Address();
  }
  switch (address.range()) {
    case "unspecified":
      return "unspecified";
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "link-local";
    case "private":
    case "uniqueLocal":
    case "carrierGradeNat":
      return "private";
    default:
      return "public";
  }
}

// src/inventory/inventory.ts
var DEFAULT_WORKSPACE = "/home/runner/work/";
var PSEUDO_FILESYSTEMS = ["/dev/", "/proc/", "/sys/"];
var SEND_EVENTS = /* @__PURE__ */ new Set(["sendto", "sendmsg", "send", "write", "writev", "sendmmsg", "pwrite", "pwritev"]);
var RECEIVE_EVENTS = /* @__PURE__ */ new Set(["recvfrom", "recvmsg", "recv", "read", "readv", "recvmmsg", "pread", "preadv"]);
var EXPLICIT_DESTINATION_EVENTS = /* @__PURE__ */ new Set(["sendto", "sendmsg"]);
var EXPLICIT_SOURCE_EVENTS = /* @__PURE__ */ new Set(["recvfrom", "recvmsg"]);
var DNS_PORT = 53;
var INVENTORY_EVENT_NAMES = /* @__PURE__ */ new Set(["execve", "execveat", "connect", ...FILE_OPENING_EVENT_NAMES, ...SEND_EVENTS, ...RECEIVE_EVENTS]);
function isIpSocket(fd) {
  return fd !== void 0 && (fd.kind === "ipv4" || fd.kind === "ipv6");
}
function isFileOpenedForWriting(fd) {
  return fd !== void 0 && fd.kind === "file" && fd.openFlags !== void 0 && isWriteOpen(fd.openFlags);
}
var INVENTORY_DELIVERY_CONDITIONS = new Map([
  ...[...SEND_EVENTS, ...RECEIVE_EVENTS].filter((name) => !EXPLICIT_DESTINATION_EVENTS.has(name) && !EXPLICIT_SOURCE_EVENTS.has(name)).map((name) => [name, isIpSocket]),
  ...[...FILE_OPENING_EVENT_NAMES].map((name) => [name, isFileOpenedForWriting])
]);
function isTuple(value) {
  if (typeof value !== "object" || value === null || !("family" in value)) return false;
  const socket = value;
  return (socket.family === "ipv4" || socket.family === "ipv6") && socket.source !== void 0 && socket.dest !== void 0;
}
function paramOf(event, name) {
  return event instanceof CapturedEvent ? event.param(name) : event.params[name];
}
function numberParam(event, name) {
  const value = paramOf(event, name);
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return void 0;
}
function formatEndpoint(endpoint) {
  return endpoint.ip.includes(":") ? `[${endpoint.ip}]:${endpoint.port}` : `${endpoint.ip}:${endpoint.port}`;
}
function touch(entry, ts) {
  entry.count++;
  if (ts < entry.firstTs) entry.firstTs = ts;
  if (ts > entry.lastTs) entry.lastTs = ts;
}
var SEPARATOR = "\0";
var InventoryBuilder = class {
  processes = /* @__PURE__ */ new Map();
  connections = /* @__PURE__ */ new Map();
  dns = /* @__PURE__ */ new Map();
  files = /* @__PURE__ */ new Map();
  totals = { executions: 0, connections: 0, dnsQueries: 0, dnsResponses: 0, fileOpens: 0 };
  /** Sockets as their connect left them (fd states are replaced, never changed, so a closed and reused
   *  fd number is a different object): tells an explicit destination from the connected peer. */
  connectedSockets = /* @__PURE__ */ new WeakSet();
  /** The connection entry of each connected socket (absent when an exception left the connect out):
   *  where the socket's traffic is counted. */
  socketConnections = /* @__PURE__ */ new WeakMap();
  keep;
  workspace;
  onNewEntry;
  constructor(options = {}) {
    this.keep = options.keep;
    this.onNewEntry = options.onNewEntry;
    this.workspace = options.workspace ?? DEFAULT_WORKSPACE;
  }
  /** Distinct values held (entries and the distinct values inside them): what memory grows with. */
  get entriesHeld() {
    let held = this.processes.size + this.connections.size + this.dns.size + this.files.size;
    for (const entry of this.dns.values()) held += entry.types.size + entry.answers.size + entry.servers.size + entry.protocols.size + entry.processes.size;
    for (const entry of this.files.values()) held += entry.processes.size;
    for (const entry of this.connections.values()) held += entry.syscalls.size;
    return held;
  }
  onEvent = (event) => {
    if (event.dir !== "<") return;
    const name = event.name;
    if (name === "execve" || name === "execveat") this.process(event);
    else if (name === "connect") this.connect(event);
    else if (FILE_OPENING_EVENT_NAMES.has(name)) this.open(event);
    else if (SEND_EVENTS.has(name)) this.send(event);
    else if (RECEIVE_EVENTS.has(name)) this.receive(event);
  };
  process(event) {
    const thread = event.thread;
    if (numberParam(event, "res") !== 0 || thread === void 0) return;
    if (this.keep !== void 0 && !this.keep("processes", event)) return;
    this.totals.executions++;
    const parent = event.lookupThread(thread.ptid);
    const key = [thread.exepath, thread.args.join(SEPARATOR), parent?.comm ?? "", parent?.exepath ?? "", thread.uid, thread.containerId].join(SEPARATOR + SEPARATOR);
    const entry = this.processes.get(key);
    if (entry !== void 0) return touch(entry, event.ts);
    this.processes.set(key, {
      exepath: thread.exepath,
      name: thread.comm,
      args: thread.args,
      parent: parent === void 0 ? null : { name: parent.comm, exepath: parent.exepath },
      uid: thread.uid,
      containerId: thread.containerId,
      firstPid: thread.pid,
      cwd: thread.cwd,
      count: 1,
      firstTs: event.ts,
      lastTs: event.ts
    });
    this.onNewEntry?.("processes", this.processes.size - 1, event);
  }
  connect(event) {
    const res = numberParam(event, "res");
    const fd = event.fd;
    if (res !== 0 && res !== -EINPROGRESS || !isIpSocket(fd) || fd.client === void 0 || fd.server === void 0) return;
    this.connectedSockets.add(fd);
    const entry = this.countConnection(event, "connect", fd.l4proto ?? "unknown", fd.server);
    if (entry !== void 0) this.socketConnections.set(fd, entry);
  }
  /** Counts one connection into its entry; undefined when an exception leaves it out. */
  countConnection(event, syscall, protocol, remote) {
    if (this.keep !== void 0 && !this.keep("outbound_connections", event)) return void 0;
    this.totals.connections++;
    const thread = event.thread;
    const key = this.connectionKey(remote, protocol, thread?.comm ?? "", thread?.exepath ?? "");
    let entry = this.connections.get(key);
    if (entry === void 0) {
      entry = {
        remote,
        protocol,
        scope: classifyAddress(remote.ip),
        process: thread?.comm ?? "",
        exepath: thread?.exepath ?? "",
        uid: thread?.uid ?? -1,
        syscalls: /* @__PURE__ */ new Set([syscall]),
        bytesSent: 0,
        bytesReceived: 0,
        count: 1,
        firstTs: event.ts,
        lastTs: event.ts
      };
      this.connections.set(key, entry);
      this.onNewEntry?.("connections", this.connections.size - 1, event);
    } else {
      touch(entry, event.ts);
      entry.syscalls.add(syscall);
    }
    return entry;
  }
  connectionKey(remote, protocol, comm, exepath) {
    return `${remote.ip}${SEPARATOR}${remote.port}${SEPARATOR}${protocol}${SEPARATOR}${comm}${SEPARATOR}${exepath}`;
  }
  open(event) {
    const fd = event.fd;
    if (fd === void 0 || !isFileOpenedForWriting(fd)) return;
    if (this.keep !== void 0 && !this.keep("written_files", event)) return;
    this.totals.fileOpens++;
    const thread = event.thread;
    const processName = thread?.comm ?? "";
    const exepath = thread?.exepath ?? "";
    let entry = this.files.get(fd.name);
    if (entry === void 0) {
      entry = { path: fd.name, flags: 0, processes: /* @__PURE__ */ new Map(), count: 1, firstTs: event.ts, lastTs: event.ts };
      this.files.set(fd.name, entry);
      this.onNewEntry?.("files", this.files.size - 1, event);
    } else {
      touch(entry, event.ts);
    }
    entry.flags |= fd.openFlags ?? 0;
    const processKey = `${processName}${SEPARATOR}${exepath}`;
    if (!entry.processes.has(processKey)) entry.processes.set(processKey, { name: processName, exepath });
  }
  /** The remote end of a send or receive: the explicit address, else the socket's peer. */
  remoteOf(event, fd, explicitField) {
    if (explicitField !== void 0) {
      const tuple = paramOf(event, "tuple");
      if (isTuple(tuple)) return { remote: unmapEndpoint(tuple[explicitField]), explicit: true };
    }
    if (!isIpSocket(fd)) return void 0;
    const remote = fd.role === "server" ? fd.client : fd.server;
    return remote === void 0 ? void 0 : { remote, explicit: false };
  }
  send(event) {
    const fd = event.fd;
    const explicitPossible = EXPLICIT_DESTINATION_EVENTS.has(event.name);
    if (!explicitPossible && !isIpSocket(fd)) return;
    const res = numberParam(event, "res");
    if (res === void 0 || res < 0) return;
    const target = this.remoteOf(event, fd, explicitPossible ? "dest" : void 0);
    if (target === void 0) return;
    const { remote } = target;
    const protocol = fd?.l4proto ?? "unknown";
    const toConnectedPeer = fd !== void 0 && this.connectedSockets.has(fd) && fd.server?.ip === remote.ip && fd.server.port === remote.port;
    const entry = target.explicit && protocol !== "tcp" && !toConnectedPeer ? this.countConnection(event, event.name, protocol, remote) : toConnectedPeer ? this.socketConnections.get(fd) : void 0;
    if (entry !== void 0) entry.bytesSent += res;
    if (remote.port === DNS_PORT && (protocol === "udp" || protocol === "tcp" || protocol === "unknown")) this.dnsMessage(event, remote, protocol, true);
  }
  receive(event) {
    const fd = event.fd;
    const explicitPossible = EXPLICIT_SOURCE_EVENTS.has(event.name);
    if (!explicitPossible && !isIpSocket(fd)) return;
    const res = numberParam(event, "res");
    if (res === void 0 || res <= 0) return;
    const target = this.remoteOf(event, fd, explicitPossible ? "source" : void 0);
    if (target === void 0) return;
    const { remote } = target;
    const protocol = fd?.l4proto ?? "unknown";
    const connected = fd === void 0 ? void 0 : this.socketConnections.get(fd);
    const thread = event.thread;
    const entry = connected !== void 0 && connected.remote.ip === remote.ip && connected.remote.port === remote.port ? connected : this.connections.get(this.connectionKey(remote, protocol, thread?.comm ?? "", thread?.exepath ?? ""));
    if (entry !== void 0) entry.bytesReceived += res;
    if (remote.port === DNS_PORT && (protocol === "udp" || protocol === "tcp" || protocol === "unknown")) this.dnsMessage(event, remote, protocol, false);
  }
  /** A DNS message sent to (a query) or received from (a response) a server. */
  dnsMessage(event, server, protocol, sent) {
    const data = paramOf(event, "data");
    if (!(data instanceof Uint8Array)) return;
    const message = decodeDnsMessage(data, protocol === "tcp");
    if (message === void 0 || message.isQuery !== sent) return;
    if (sent) this.totals.dnsQueries++;
    else this.totals.dnsResponses++;
    const thread = event.thread;
    for (const question of message.questions) {
      let entry = this.dns.get(question.name);
      if (entry === void 0) {
        entry = {
          name: question.name,
          types: /* @__PURE__ */ new Set(),
          queries: 0,
          responses: 0,
          answers: /* @__PURE__ */ new Set(),
          servers: /* @__PURE__ */ new Set(),
          protocols: /* @__PURE__ */ new Set(),
          processes: /* @__PURE__ */ new Set(),
          count: 1,
          firstTs: event.ts,
          lastTs: event.ts
        };
        this.dns.set(question.name, entry);
        this.onNewEntry?.("dns", this.dns.size - 1, event);
      } else {
        touch(entry, event.ts);
      }
      entry.types.add(question.type);
      entry.servers.add(formatEndpoint(server));
      entry.protocols.add(protocol === "tcp" ? "tcp" : "udp");
      if (thread !== void 0) entry.processes.add(thread.comm);
      if (sent) entry.queries++;
      else {
        entry.responses++;
        for (const answer of message.answers) entry.answers.add(`${answer.type} ${answer.data}`);
      }
    }
  }
  finish(summary) {
    const userNames = new Map(summary.users.map((user) => [user.uid, user.name]));
    const userOf = (uid) => uid < 0 ? "" : userNames.get(uid) ?? String(uid);
    const times = ({ count, firstTs, lastTs }) => ({ count, firstTime: isoTime(firstTs), lastTime: isoTime(lastTs) });
    const processes = [...this.processes.values()].map(({ uid, count, firstTs, lastTs, ...entry }) => ({
      ...entry,
      user: userOf(uid),
      ...times({ count, firstTs, lastTs })
    }));
    const connections = [...this.connections.values()].map(({ uid, count, firstTs, lastTs, syscalls, ...entry }) => ({
      ...entry,
      user: userOf(uid),
      syscalls: [...syscalls],
      ...times({ count, firstTs, lastTs })
    }));
    const dns = [...this.dns.values()].map(
      (entry) => ({
        name: entry.name,
        types: [...entry.types],
        queries: entry.queries,
        responses: entry.responses,
        answers: [...entry.answers],
        servers: [...entry.servers],
        protocols: [...entry.protocols],
        processes: [...entry.processes],
        firstTime: isoTime(entry.firstTs),
        lastTime: isoTime(entry.lastTs)
      })
    );
    const files = [...this.files.values()].map(
      (entry) => ({ path: entry.path, flags: openFlagNames(entry.flags), processes: [...entry.processes.values()], ...times(entry) })
    );
    const containers = summary.containers.map((container) => ({ id: container.id, name: container.name, image: container.image }));
    return {
      capture: {
        path: summary.path,
        events: summary.events,
        firstEventTime: timeOrNull(summary.firstEventTs),
        lastEventTime: timeOrNull(summary.lastEventTs),
        truncated: summary.truncated ?? null,
        damage: inventoryDamage(summary.damage)
      },
      summary: this.summarize(connections, dns, files, processes, containers.length),
      totals: { ...this.totals },
      processes,
      connections,
      dns,
      files,
      containers
    };
  }
  summarize(connections, dns, files, processes, containers) {
    const destinations = /* @__PURE__ */ new Map();
    for (const connection of connections) {
      if (connection.scope !== "public") continue;
      const key = `${formatEndpoint(connection.remote)}/${connection.protocol}`;
      const destination = destinations.get(key);
      if (destination === void 0) destinations.set(key, { remote: connection.remote, protocol: connection.protocol, count: connection.count });
      else destination.count += connection.count;
    }
    const written = new Set(files.map((file) => file.path));
    return {
      workspace: this.workspace,
      publicDestinations: [...destinations.values()],
      domains: dns.map((entry) => entry.name),
      newExecutables: [...new Set(processes.map((process2) => process2.exepath).filter((exepath) => written.has(exepath)))],
      writtenOutsideWorkspace: files.map((file) => file.path).filter((path) => !path.startsWith(this.workspace) && !PSEUDO_FILESYSTEMS.some((prefix) => path.startsWith(prefix))),
      containers
    };
  }
};
function timeOrNull(ns) {
  return ns === void 0 ? null : isoTime(ns);
}
function inventoryDamage(damage) {
  if (damage === void 0) return null;
  return {
    regionCount: damage.regionCount,
    bytesSkipped: damage.bytesSkipped,
    stoppedAt: damage.stoppedAt ?? null,
    regions: damage.regions.map((region) => ({
      offset: region.offset,
      bytesSkipped: region.bytesSkipped,
      resumedAt: region.resumedAt ?? null,
      problem: region.problem,
      eventsBefore: region.eventsBefore,
      lastEventTimeBefore: timeOrNull(region.lastEventTsBefore),
      firstEventTimeAfter: timeOrNull(region.firstEventTsAfter)
    }))
  };
}
async function buildInventory(path, options = {}) {
  const builder = new InventoryBuilder(options);
  const summary = await readCaptureDetailed(path, builder.onEvent, {
    eventNames: INVENTORY_EVENT_NAMES,
    direction: "<",
    transientEvents: true,
    deliverOnlyIf: INVENTORY_DELIVERY_CONDITIONS,
    ...options.onProgress ? { onProgress: options.onProgress } : {}
  });
  return builder.finish(summary);
}

// src/report/escape.ts
var INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/u;
var INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");
var NAMED_CONTROLS = { "\n": "\\n", "\r": "\\r", "	": "\\t" };
function codePointEscape(char) {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}}`;
}
function visibleLine(text) {
  let out = "";
  for (const char of text) {
    out += INVISIBLE.test(char) ? NAMED_CONTROLS[char] ?? codePointEscape(char) : char;
  }
  return out;
}
function codeSpan(segment) {
  if (segment === "") return "";
  if (segment.trim() === "") return "&#32;".repeat(segment.length);
  const longestRun = Math.max(0, ...Array.from(segment.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence} ${segment} ${fence}`;
}
function commandSafeSpans(segment) {
  return segment.split(/(?<=##)\[/).map(codeSpan).join("&#91;");
}
function hostileCode(text, maxChars = Number.POSITIVE_INFINITY) {
  const chars = Array.from(text);
  const shown = chars.length > maxChars ? chars.slice(0, maxChars).join("") : text;
  const cut = chars.length > maxChars ? ` \u2026 (${chars.length - maxChars} more characters)` : "";
  const spans = visibleLine(shown).split("|").map(commandSafeSpans).join("\\|");
  return `${spans === "" ? "<code></code>" : spans}${cut}`;
}

// src/inventory/markdown.ts
function markdownCell(value) {
  if (typeof value === "number") return String(value);
  return value === "" ? "" : hostileCode(value);
}
function table(headers, rows) {
  if (rows.length === 0) return "_none_\n";
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.map(markdownCell).join(" | ")} |`);
  return `${lines.join("\n")}
`;
}
var MARKDOWN_ROW_LIMIT = 50;
var SUMMARY_VALUE_LIMIT = 10;
function cappedTable(headers, entries, row) {
  const shown = entries.slice(0, MARKDOWN_ROW_LIMIT);
  const more = entries.length - shown.length;
  return table(headers, shown.map(row)) + (more > 0 ? `
_${more} more in the JSON report_
` : "");
}
function firstValues(values) {
  const shown = values.slice(0, SUMMARY_VALUE_LIMIT).join(", ");
  return values.length > SUMMARY_VALUE_LIMIT ? `${shown}, ... (${values.length - SUMMARY_VALUE_LIMIT} more)` : shown;
}
function timeSpan(entry) {
  return entry.firstTime === entry.lastTime ? entry.firstTime : `${entry.firstTime} to ${entry.lastTime}`;
}
function renderSummary(inventory) {
  const { summary, totals } = inventory;
  return `
## Summary
` + table(
    ["what", "count", "which"],
    [
      ["public destinations", summary.publicDestinations.length, firstValues(summary.publicDestinations.map((destination) => `${formatEndpoint(destination.remote)}/${destination.protocol}`))],
      ["domains queried", summary.domains.length, firstValues(summary.domains)],
      ["new executables (written, then run)", summary.newExecutables.length, firstValues(summary.newExecutables)],
      [`files written outside the workspace (${summary.workspace})`, summary.writtenOutsideWorkspace.length, firstValues(summary.writtenOutsideWorkspace)],
      ["containers", summary.containers, firstValues(inventory.containers.map((container) => container.name || container.id))],
      ["executions / connections / DNS queries / file opens for writing", `${totals.executions} / ${totals.connections} / ${totals.dnsQueries} / ${totals.fileOpens}`, ""]
    ]
  );
}
function renderInventoryMarkdown(inventory) {
  const { capture } = inventory;
  const parts = [];
  parts.push(`# Capture inventory
`);
  parts.push(
    table(
      ["capture", "events", "first event", "last event", "truncated at byte"],
      [[capture.path, capture.events, capture.firstEventTime ?? "", capture.lastEventTime ?? "", capture.truncated === null ? "" : capture.truncated.offset]]
    )
  );
  if (capture.damage !== null) parts.push(renderDamage(capture.damage));
  parts.push(renderSummary(inventory));
  parts.push(`
## Processes (${inventory.processes.length} distinct, ${inventory.totals.executions} runs)
`);
  parts.push(
    cappedTable(["runs", "when", "exepath", "args", "parent", "user", "container"], inventory.processes, (entry) => [
      entry.count,
      timeSpan(entry),
      entry.exepath || entry.name,
      entry.args.join(" "),
      entry.parent === null ? "" : entry.parent.exepath || entry.parent.name,
      entry.user,
      entry.containerId
    ])
  );
  const connections = [...inventory.connections.filter((entry) => entry.scope === "public"), ...inventory.connections.filter((entry) => entry.scope !== "public")];
  parts.push(`
## Connections (${inventory.connections.length} distinct, ${inventory.totals.connections} made)
`);
  parts.push(
    cappedTable(["count", "remote", "protocol", "scope", "process", "bytes sent", "bytes received", "when"], connections, (entry) => [
      entry.count,
      formatEndpoint(entry.remote),
      entry.protocol,
      entry.scope,
      entry.exepath || entry.process,
      entry.bytesSent,
      entry.bytesReceived,
      timeSpan(entry)
    ])
  );
  parts.push(`
## DNS (${inventory.dns.length} names, ${inventory.totals.dnsQueries} queries, ${inventory.totals.dnsResponses} responses)
`);
  parts.push(
    cappedTable(["name", "types", "queries", "answers", "servers", "processes"], inventory.dns, (entry) => [
      entry.name,
      entry.types.join(", "),
      entry.queries,
      firstValues(entry.answers),
      firstValues(entry.servers),
      firstValues(entry.processes)
    ])
  );
  parts.push(`
## Files opened for writing (${inventory.files.length} paths, ${inventory.totals.fileOpens} opens)
`);
  parts.push(
    cappedTable(["path", "opens", "flags", "processes", "when"], inventory.files, (entry) => [
      entry.path,
      entry.count,
      entry.flags.join("|"),
      firstValues(entry.processes.map((process2) => process2.exepath || process2.name)),
      timeSpan(entry)
    ])
  );
  parts.push(`
## Containers (${inventory.containers.length})
`);
  parts.push(cappedTable(["id", "name", "image"], inventory.containers, (entry) => [entry.id, entry.name, entry.image]));
  return parts.join("");
}
function renderDamage(damage) {
  const regions = damage.regionCount === 1 ? "one damaged region" : `${damage.regionCount} damaged regions`;
  const lines = [
    `
## Damage: ${regions}, ${damage.bytesSkipped} bytes skipped
`,
    "The capture is damaged. The reader skipped each damaged region and read on from the next valid block: everything outside the regions is in this report; events recorded inside them are lost (they lie between the times shown)." + (damage.stoppedAt === null ? "" : ` Reading stopped at byte ${damage.stoppedAt}: no valid block followed the damage, so the rest of the file is not a capture.`) + (damage.regions.length < damage.regionCount ? ` The first ${damage.regions.length} regions are listed.` : "") + "\n\n",
    table(
      ["at byte", "bytes skipped", "read on at byte", "events lost between", "problem"],
      damage.regions.map((region) => [
        region.offset,
        region.bytesSkipped,
        region.resumedAt === null ? "end of capture" : region.resumedAt,
        `${region.lastEventTimeBefore ?? "start"} and ${region.firstEventTimeAfter ?? "end"}`,
        region.problem
      ])
    )
  ];
  return lines.join("");
}

// src/cli/output.ts
var UNSHOWN = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
var PLAIN_ARGUMENT = /^[\w./@%+=,:-]+$/;
function showArgument(text) {
  if (PLAIN_ARGUMENT.test(text)) return text;
  return JSON.stringify(text).replace(UNSHOWN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// src/cli/progress.ts
var PROGRESS_DELAY_MS = 2e3;
var PROGRESS_INTERVAL_MS = 250;
var SILENT = { update() {
}, done() {
} };
function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
function formatProgress(label, bytes, totalBytes, events, elapsedMs) {
  const read = totalBytes !== void 0 && totalBytes > 0 ? `${megabytes(bytes)} of ${megabytes(totalBytes)} (${Math.min(100, Math.floor(100 * bytes / totalBytes))}%)` : `${megabytes(bytes)}`;
  const rate = elapsedMs > 0 ? `, ${megabytes(bytes * 1e3 / elapsedMs)}/s` : "";
  return `${showArgument(label)}: ${read}, ${events.toLocaleString("en-US")} event${events === 1 ? "" : "s"}${rate}`;
}
var REDRAW = "\r\x1B[K";
function startProgress(options) {
  const stream = options.stream ?? process.stderr;
  if (!(options.isTTY ?? stream.isTTY === true)) return SILENT;
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? PROGRESS_DELAY_MS;
  const intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = now();
  let drawnAt;
  return {
    update(bytes, events) {
      const time2 = now();
      if (time2 - started < delayMs || drawnAt !== void 0 && time2 - drawnAt < intervalMs) return;
      drawnAt = time2;
      stream.write(REDRAW + formatProgress(options.label, bytes, options.totalBytes, events, time2 - started));
    },
    done() {
      if (drawnAt !== void 0) stream.write(REDRAW);
      drawnAt = void 0;
    }
  };
}
function fileProgress(path) {
  let totalBytes;
  try {
    totalBytes = statSync(path).size;
  } catch {
    totalBytes = void 0;
  }
  return startProgress({ label: path, ...totalBytes !== void 0 ? { totalBytes } : {} });
}

// src/cli/exit-codes.ts
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_USAGE = 2;
var EXIT_DAMAGED = 3;

// src/cli/inventory.ts
var USAGE = "inventory [--format json|markdown] [--filters FILTERS.config] [--workspace DIR] CAPTURE";
async function run(args) {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: "string", default: "json" }, filters: { type: "string" }, workspace: { type: "string" } } });
  } catch (error) {
    process.stderr.write(`falco-actions inventory: ${error.message}
usage: falco-actions ${USAGE}
`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.format !== "json" && values.format !== "markdown") {
    process.stderr.write(`falco-actions inventory: --format must be json or markdown, not '${values.format}'
`);
    return EXIT_USAGE;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`falco-actions inventory: give exactly one CAPTURE file
usage: falco-actions ${USAGE}
`);
    return EXIT_USAGE;
  }
  const capture = positionals[0];
  const workspace = values.workspace === void 0 ? void 0 : values.workspace.endsWith("/") ? values.workspace : `${values.workspace}/`;
  let inventory;
  let exceptions;
  if (values.filters === void 0) {
    const progress = fileProgress(capture);
    try {
      inventory = await buildInventory(capture, { workspace, onProgress: (bytes, events) => progress.update(bytes, events) });
    } catch (error) {
      if (!(error instanceof ScapFormatError)) throw error;
      progress.done();
      process.stderr.write(`falco-actions inventory: ${error.message.replace(/[\r\n]+/g, " ")}
`);
      return EXIT_FAILURE;
    }
    progress.done();
  } else {
    const result = await (await import("./inventory-filters.js")).inventoryWithFilters(capture, values.filters, workspace);
    if (!result.ok) {
      process.stderr.write(`falco-actions inventory: ${result.problem}
`);
      return EXIT_FAILURE;
    }
    ({ inventory, exceptions } = result.value);
  }
  const output = values.format === "json" ? `${JSON.stringify(exceptions === void 0 ? inventory : { ...inventory, exceptions }, null, 2)}
` : renderInventoryMarkdown(inventory) + (exceptions === void 0 ? "" : renderExceptionCounts(exceptions));
  await new Promise((resolve, reject) => process.stdout.write(output, (error) => error ? reject(error) : resolve()));
  if (inventory.capture.truncated !== null) {
    process.stderr.write(
      `falco-actions inventory: warning: ${capture} ends mid-block at byte ${inventory.capture.truncated.offset} (of the uncompressed stream); the inventory holds every complete event before it
`
    );
  }
  if (inventory.capture.damage !== null) {
    process.stderr.write(`falco-actions inventory: ${describeDamage(capture, inventory.capture.damage)} (the report lists each damaged region)
`);
    return EXIT_DAMAGED;
  }
  return EXIT_OK;
}
function renderExceptionCounts(counts) {
  const rows = counts.map(
    (count) => `| ${hostileCode(count.section)} | ${hostileCode(count.description)} | ${hostileCode(count.condition)} | ${count.removed} |`
  );
  return ["", `## Exceptions applied (${counts.length})`, "| section | exception | condition | entries removed |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}
var inventoryCommand = { name: "inventory", usage: USAGE, run };
export {
  inventoryCommand
};
