// Capture files: sniffing, chunked indexing (pcap, pcapng, gzip via an injected inflater),
// on-demand frame bytes, writing. See docs/architecture.md, "Captures".
export { sniffCapture, openCapture, openCaptureSync, frameBytes, frameBytesSync, type CaptureKind, type OpenOptions, type OpenedCapture } from './open';
export { frameLinkType, frameTimeNs, frameTimeUs, timeNsString, type CaptureFormat, type CaptureIndex, type CaptureInterface } from './index-builder';
export { writeCapture, writePcap, writePcapng, type WriteFrame, type WriteOptions, type PcapngInterface } from './writer';
export { encodeDispatchRecord, dispatchMetadata, LINKTYPE_VPP_DISPATCH, type DispatchRecordSpec } from './dispatch-record';
