// The capture workspace: atomic files, one folder and manifest per capture, history.
export { writeFileAtomic, openAtomic, tempNameFor, type AtomicWriter } from './atomic';
export { Workspace, CaptureRecord, safeSegment, MANIFEST_FILE, type NewCapture, type ListedCapture } from './workspace';
export { overallState, isCaptureManifest, type CaptureManifest, type ManifestNode, type ManifestFile, type CaptureKind, type CaptureState, type NodeCaptureState, type CleanupStep, type CaptureOptionsRecord } from './manifest';
