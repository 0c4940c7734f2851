// Synthesizes the TypeScript example app into the directory given as the first argument.
import { buildExampleApp } from '../../examples/typescript/app';

buildExampleApp(process.argv[2]).synth();
