/** `swagger-ui-dist` ships no types; only its path helper is used (the UI is served as static files). */
declare module 'swagger-ui-dist/absolute-path.js' {
  /** Absolute folder of the installed Swagger UI files. */
  const getAbsoluteFSPath: () => string;
  export default getAbsoluteFSPath;
}
