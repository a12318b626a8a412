// Protocol decoding over the byte view. See docs/architecture.md, "Captures".
export { decodeFrame, decodeLayers, frameSummary, summaryOf, summaryFields, linkTypeName, isSupportedLinkType, LINKTYPE, type DecodedFrame, type DecodedLayers, type DecodeOptions, type FrameMeta, type Layer } from './frame';
export { findField, type DecodedField, type FieldValue } from './common/tree';
