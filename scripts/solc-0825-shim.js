#!/usr/bin/env node
// Symbiotic's core sources pin `pragma solidity 0.8.25`; forge's `symbiotic` profile points here
// so that they compile with that exact compiler (npm alias solc-0825 = solc@0.8.25).
'use strict';
process.env.OMKT_SOLC_PACKAGE = 'solc-0825';
require('./solc-shim.js');
