// The `cluster` domain's host side (Electron main and the web server share it).
export { ClusterService, plainServerUrl, captureSummary, type ClusterServiceOptions } from './service';
