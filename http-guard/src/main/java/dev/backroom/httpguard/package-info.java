/** Screens the raw request target before routing and authentication, for every Backroom HTTP app. */
package dev.backroom.httpguard;
