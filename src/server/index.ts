// Web mode entry points: start the server, find the built renderer.
export { startServer, TOKEN_HEADER, type RunningServer, type ServerOptions, type WebContext } from './server';
export { findStaticDir, findPackageRoot, packageVersion } from './locate';
