/** nextToken/maxResults paging of the List* operations over a sorted key. */
package dev.backroom.ecs.paging;
